"""Shared fixtures: a migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a frozen clock and an engine."""
from __future__ import annotations

import gc
import os
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from werkzeug import security

from engine.time.clock import TAIPEI, FrozenClock
from engine.data.db import make_engine, migrate
from engine.data.schema import agency

# --import-mode=importlib: helpers by path (tests/engine is on the path for the
# timing helpers already; tests/ itself must not be, or tests/engine would
# shadow the engine package).
sys.path.insert(0, str(Path(__file__).parent / "engine"))
from db_reset import create_database, dispose_all, empty_postgres  # noqa: E402


def _own_worker_database() -> None:
    """Under pytest-xdist (make test's PostgreSQL browser run, `-n 2`) each
    worker gets a database of its own, `<database>_gw0`, ...: two workers
    emptying one database between their tests would wipe each other's. Set
    before any test module reads the URL."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    for name in ("TEST_DATABASE_URL", "TEST_POSTGRES_URL"):
        url = os.environ.get(name, "")
        if worker and url.startswith("postgres") and not url.endswith(f"_{worker}"):
            os.environ[name] = f"{url}_{worker}"


_own_worker_database()
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
MODELS = Path(__file__).parent / "engine" / "fixtures" / "models"
AGENCIES = [
    ("DOA", "行政暨國際處", "Department of Administration and International Affairs"),
    ("HEALTH", "衛生局", "Department of Health"),
    ("EPB", "環境保護局", "Environmental Protection Bureau"),
    ("CPO", "消費者保護官", "Consumer Protection Officer"),
    ("POLICE", "警察局", "Police Department"),
]


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashes():
    """The tests' passwords are hashed cheaply (PBKDF2, 1,000 rounds). The real cost
    (n=2**15, about 70 ms a hash) paid for 8 seeded users and each sign-in of
    every web test was over a third of the suite's time. The stored hash names
    its parameters, so checking works the same; production code is untouched,
    and the server processes some tests start keep the real cost."""
    original = security._hash_internal

    def cheap(method, salt, password):
        return original("pbkdf2:sha256:1000" if method == "scrypt" else method, salt, password)

    security._hash_internal = cheap
    yield
    security._hash_internal = original


def pytest_collection_finish(session):
    """Everything imported and collected so far lives to the end of the run:
    frozen, the cyclic collector stops walking it again on every full
    collection (about 8% of the suite's CPU)."""
    gc.collect()
    gc.freeze()


# The fixtures through which a test reaches the database under test.
DATABASE_FIXTURES = {"db_url", "_template", "race_url"}


BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(config, items):
    """Every test of tests/browser is marked `browser` (`-m browser` selects
    them all, not only the files that say so).

    `TEST_LEAVE_TO_POSTGRES=1` (make test's SQLite run beside its PostgreSQL
    runs): keep only the tests that reach the database under test through a
    fixture, and not the browser tests. The rest do the same on either database,
    and the PostgreSQL runs take them: every test still runs on PostgreSQL, and
    each database-reaching one on SQLite too."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
    if not os.environ.get("TEST_LEAVE_TO_POSTGRES"):
        return
    kept, left = [], []
    for item in items:
        reaches = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        (kept if reaches and not item.get_closest_marker("browser") else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite (a fresh file per test)'}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    if PG_URL:
        migrate(create_database(PG_URL))
        yield PG_URL
        dispose_all()
        return
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    migrate(f"sqlite:///{path}")
    yield path


@pytest.fixture
def db_url(_template, tmp_path):
    if PG_URL:
        empty_postgres(PG_URL)   # tests/engine/db_reset.py: DELETE what the last test wrote
        return PG_URL
    target = tmp_path / "test.sqlite"
    shutil.copyfile(_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def db(db_url):
    from engine.cases import queries
    queries.forget_definitions()   # each test's database numbers its definitions from 1
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def agencies(db):
    with db.begin() as conn:
        conn.execute(insert(agency), [
            {"code": c, "name_zh": zh, "name_en": en, "email": f"{c.lower()}@city.example"}
            for c, zh, en in AGENCIES])
    return [c for c, _, _ in AGENCIES]


@pytest.fixture
def clock():
    # A Monday in March 2026, 09:00 in Taipei.
    return FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))


@pytest.fixture
def engine(db, clock, agencies):
    from engine.cases.runtime import Engine
    return Engine(db, clock)


@pytest.fixture
def model_files():
    """Read test models from tests/engine/fixtures/models as a deployable file set."""
    def read(*names: str) -> dict[str, bytes]:
        return {n: (MODELS / n).read_bytes() for n in names}
    return read
