"""engine/data/batched.py: writes sent together on PostgreSQL (psycopg's
pipeline mode), their effects and their errors as without it; on SQLite the
block changes nothing."""
import pytest
from sqlalchemy import bindparam, exc, select, update

from engine.data.batched import batched_writes
from engine.data.prepared import Prepared
from engine.data.schema import agency

RENAME = Prepared(update(agency).where(agency.c.code == bindparam("code"))
                  .values(name_en=bindparam("name")))
ADD = Prepared(agency.insert(), keyed=True)


def _names(db, *codes):
    with db.connect() as conn:
        return dict(conn.execute(select(agency.c.code, agency.c.name_en)
                                 .where(agency.c.code.in_(codes))).all())


def test_the_writes_inside_take_effect_in_order(db, agencies):
    with db.begin() as conn:
        with batched_writes(conn):
            if db.dialect.name == "postgresql":   # queued, not yet answered
                assert conn.connection.dbapi_connection.pgconn.pipeline_status != 0
            RENAME.run(conn, {"code": "EPB", "name": "first"})
            RENAME.run(conn, {"code": "EPB", "name": "second"})
            RENAME.run(conn, {"code": "DOA", "name": "third"})
        assert conn.execute(select(agency.c.name_en).where(agency.c.code == "EPB")).scalar() \
            == "second"   # read after the block, in the same transaction
    assert _names(db, "EPB", "DOA") == {"EPB": "second", "DOA": "third"}


def test_a_failing_write_is_raised_as_sqlalchemy_raises_it_and_nothing_stays(db, agencies):
    with pytest.raises(exc.IntegrityError):
        with db.begin() as conn:
            with batched_writes(conn):
                RENAME.run(conn, {"code": "EPB", "name": "lost"})
                ADD.run(conn, {"code": "EPB", "name_zh": "重複", "name_en": "duplicate",
                               "kind": "bureau"})
    assert _names(db, "EPB")["EPB"] != "lost"
