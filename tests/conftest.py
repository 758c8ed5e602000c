"""Shared fixtures: a migrated database per test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a frozen clock and an engine."""
from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from werkzeug import security

from engine.time.clock import TAIPEI, FrozenClock
from engine.data.db import make_engine, migrate
from engine.data.schema import agency, metadata

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


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + PG_URL if PG_URL else 'SQLite (a fresh file per test)'}"


@pytest.fixture(scope="session")
def _template(tmp_path_factory):
    if PG_URL:
        migrate(PG_URL)
        return PG_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_url(_template, tmp_path):
    if PG_URL:
        _truncate(PG_URL)
        return PG_URL
    target = tmp_path / "test.sqlite"
    shutil.copyfile(_template, target)
    return f"sqlite:///{target}"


def _truncate(url):
    eng = make_engine(url)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with eng.begin() as conn:
        # The audit table refuses TRUNCATE (migration 0005); a test database's
        # owner lifts that for the reset only, as a replica would.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    eng.dispose()


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
