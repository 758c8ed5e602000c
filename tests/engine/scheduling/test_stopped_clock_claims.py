"""Timers of a case whose clock is stopped (補正) are not claimed: two racing
scheduler processes leave them alone while the case waits and fire each of
them once after it resumes; every other timer still fires exactly once.
The scheduler does not wake for them either (next_due)."""
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, update

from engine.data.schema import case, timer
from engine.scheduling import timers

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_scheduler import race_url, start_worker, wait_for, _fired  # noqa: E402,F401
from timing_support import T0, add_cases, add_timers, fresh_db  # noqa: E402


def stop(db, case_ids, at):
    with db.begin() as conn:
        conn.execute(update(case).where(case.c.id.in_(case_ids)).values(clock_stopped_at=at))


def test_claim_and_next_due_skip_stopped_cases(db):
    with db.begin() as conn:
        waiting, running = add_cases(conn, 2)
        add_timers(conn, [waiting], T0 - timedelta(hours=1))
        add_timers(conn, [running], T0 + timedelta(hours=1))
    stop(db, [waiting], T0 - timedelta(days=1))
    with db.begin() as conn:
        assert timers.next_due(conn) == T0 + timedelta(hours=1)
        assert timers.claim_due(conn, T0, "w", 10) == []
    stop(db, [waiting], None)
    with db.begin() as conn:
        assert timers.next_due(conn) == T0 - timedelta(hours=1)
        (claimed,) = timers.claim_due(conn, T0, "w", 10)
        assert conn.execute(select(timer.c.case_id).where(timer.c.id == claimed)).scalar() == waiting


@pytest.mark.slow
def test_two_scheduler_processes_skip_waiting_cases_then_fire_them_once(race_url):
    from engine.data.db import make_engine
    db = make_engine(race_url)
    with db.begin() as conn:
        ids = add_cases(conn, 200)
    waiting = ids[::4]
    stop(db, waiting, datetime.now(timezone.utc))
    procs = [start_worker(race_url, 10, delay=0.002, batch=25) for _ in range(2)]
    for p in procs:
        assert p.stdout.readline().startswith("started")
    with db.begin() as conn:
        add_timers(conn, ids, datetime.now(timezone.utc) + timedelta(seconds=1))
        by_case = dict(conn.execute(select(timer.c.case_id, timer.c.id)).all())
    try:
        assert wait_for(lambda: len(_fired(db)) == len(ids) - len(waiting), timeout=30)
        time.sleep(1.5)   # two more polls: the waiting cases' timers stay pending
        fired = _fired(db)
        assert not {by_case[c] for c in waiting} & set(fired)
        stop(db, waiting, None)   # the answer came: the clock runs again
        assert wait_for(lambda: len(_fired(db)) == len(ids), timeout=30)
    finally:
        outputs = [p.communicate(timeout=60) for p in procs]
    assert set(_fired(db).values()) == {1}, outputs
