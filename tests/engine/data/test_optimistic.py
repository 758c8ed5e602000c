"""SQLite: `optimistic` runs work on a deferred snapshot and re-runs it when
SQLite refuses the snapshot's first write (what pysqlite raises, checked here)."""
import sqlite3

import pytest
from sqlalchemy import insert, select

from engine.data import db as dbmod
from engine.data.db import optimistic, snapshot_refused
from engine.data.schema import agency




def _add(conn, code):
    conn.execute(insert(agency).values(code=code, name_zh=code, name_en=code))


def _commit_elsewhere(db, code):
    with db.begin() as other:
        _add(other, code)


def test_pysqlite_refuses_a_stale_snapshots_write_at_once_with_busy_snapshot(sqlite_db):
    with sqlite_db.connect() as conn:
        conn.deferred = True
        with conn.begin():
            conn.execute(select(agency.c.code)).all()      # the snapshot starts
            _commit_elsewhere(sqlite_db, "A")
            with pytest.raises(Exception) as caught:
                _add(conn, "B")
    orig = caught.value.orig
    assert isinstance(orig, sqlite3.OperationalError) and str(orig) == "database is locked"
    assert orig.sqlite_errorname == "SQLITE_BUSY_SNAPSHOT"
    assert snapshot_refused(caught.value)


def test_a_refused_write_runs_the_work_again_on_a_fresh_snapshot(sqlite_db, begins):
    seen, runs = begins(sqlite_db), []

    def work(conn):
        runs.append(set(conn.execute(select(agency.c.code)).scalars()))
        if len(runs) == 1:
            _commit_elsewhere(sqlite_db, "OTHER")
        _add(conn, "MINE")
        return "done"
    assert optimistic(sqlite_db, work) == "done"
    assert runs == [set(), {"OTHER"}]
    # deferred, the other writer's, the wait for the lock, deferred again
    assert seen == ["BEGIN", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE", "BEGIN"]
    with sqlite_db.connect() as conn:
        assert set(conn.execute(select(agency.c.code)).scalars()) == {"OTHER", "MINE"}


def test_the_last_attempt_takes_the_lock_at_its_start_so_it_cannot_starve(sqlite_db, begins):
    seen, runs = begins(sqlite_db), []

    def work(conn):
        runs.append(conn.deferred)
        conn.execute(select(agency.c.code)).all()
        if conn.deferred:     # someone always writes first while we compute
            _commit_elsewhere(sqlite_db, f"OTHER{len(runs)}")
        _add(conn, "MINE")
    optimistic(sqlite_db, work)
    assert runs == [True] * (dbmod.OPTIMISTIC_ATTEMPTS - 1) + [False]
    assert [s for s in seen if s == "BEGIN"] == ["BEGIN"] * (dbmod.OPTIMISTIC_ATTEMPTS - 1)


def test_other_errors_are_not_retried(sqlite_db):
    runs = []

    def work(conn):
        runs.append(1)
        raise LookupError("refused by the work itself")
    with pytest.raises(LookupError):
        optimistic(sqlite_db, work)
    assert runs == [1]
