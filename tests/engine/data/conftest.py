"""Fixtures for the database layer's tests: a migrated SQLite file of the
test's own (its locking is what is tested) and a record of the BEGINs sent."""
import pytest
from sqlalchemy import event

from engine.data.db import make_engine, migrate


@pytest.fixture
def sqlite_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'locks.sqlite'}"
    migrate(url)
    eng = make_engine(url)
    yield eng
    eng.dispose()


@pytest.fixture
def begins():
    """`begins(db)`: a list that fills with every BEGIN statement `db` sends."""
    def listen(db):
        seen = []
        event.listen(db, "before_cursor_execute",
                     lambda _c, _cur, stmt, *_a: stmt.startswith("BEGIN") and seen.append(stmt))
        return seen
    return listen
