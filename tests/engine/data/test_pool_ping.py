"""PostgreSQL: a pooled connection is pinged only after sitting idle, and one
the server dropped meanwhile is replaced instead of failing the request."""
import os

import psycopg
import pytest
from sqlalchemy import text

from engine.data import db as dbmod

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not PG_URL.startswith("postgresql"),
                                reason="set TEST_DATABASE_URL to a PostgreSQL database")


def _pid(eng):
    with eng.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar()


def test_a_connection_dropped_while_idle_is_replaced(monkeypatch):
    eng = dbmod.make_engine(PG_URL, pool_size=1)
    try:
        first = _pid(eng)
        with psycopg.connect(PG_URL, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (first,))
        monkeypatch.setattr(dbmod, "IDLE_PING_SECONDS", 0)
        assert _pid(eng) != first
    finally:
        eng.dispose()


def test_a_busy_connection_is_not_pinged(monkeypatch):
    eng = dbmod.make_engine(PG_URL, pool_size=1)
    pings = []
    try:
        _pid(eng)
        monkeypatch.setattr(dbmod, "_ping", pings.append)
        monkeypatch.setattr(dbmod, "IDLE_PING_SECONDS", 3600)
        _pid(eng)
        assert pings == []
        monkeypatch.setattr(dbmod, "IDLE_PING_SECONDS", 0)
        _pid(eng)
        assert len(pings) == 1
    finally:
        eng.dispose()
