"""Timers fired in batches (engine/cases/timerbatch.py): one transaction for many
cases, each with its own audit row and state, and a failing case isolated."""
from datetime import datetime, timedelta

from sqlalchemy import select

from engine.time.clock import TAIPEI, to_iso
from engine.scheduling.scheduler import Scheduler
from engine.data.schema import audit, case, timer

DUE = datetime(2026, 3, 2, 10, 0, tzinfo=TAIPEI)


def start(engine, divisors):
    return [engine.start_case("timed_division", {"fire_at": to_iso(DUE), "divisor": d})["id"]
            for d in divisors]


def states(db):
    with db.connect() as conn:
        return {r.case_id: (r.state, r.attempts) for r in conn.execute(
            select(timer.c.case_id, timer.c.state, timer.c.attempts))}


def test_batch_fires_each_case_once_with_its_audit(engine, db, clock, model_files):
    engine.deploy(model_files("timed_division.bpmn"))
    ids = start(engine, [1, 2, 4, 5])
    clock.set(DUE + timedelta(seconds=1))
    sched = Scheduler(db, engine, clock=clock, recurring_jobs=False, chunk=3)
    assert sched.fire_due() == 4
    assert states(db) == {cid: ("fired", 0) for cid in ids}
    with db.connect() as conn:
        assert conn.execute(select(case.c.status, case.c.version).where(case.c.id.in_(ids))
                            ).all() == [("completed", 2)] * 4
        assert conn.execute(select(audit.c.case_id).where(audit.c.action == "timer")
                            .order_by(audit.c.case_id)).scalars().all() == ids
    engine.cache.clear()
    assert sched.fire_due() == 0


def test_failing_case_rolls_its_batch_back_and_only_it_is_retried(engine, db, clock, model_files):
    engine.deploy(model_files("timed_division.bpmn"))
    good1, bad, good2 = start(engine, [1, 0, 2])
    clock.set(DUE + timedelta(seconds=1))
    sched = Scheduler(db, engine, clock=clock, recurring_jobs=False)
    assert sched.fire_due() == 2
    assert states(db) == {good1: ("fired", 0), bad: ("claimed", 1), good2: ("fired", 0)}
    with db.connect() as conn:
        assert conn.execute(select(case.c.status).where(case.c.id == bad)).scalar() == "open"
        error = conn.execute(select(timer.c.last_error).where(timer.c.case_id == bad)).scalar()
    assert error.startswith("WorkflowTaskException at divide:") and "ZeroDivisionError" in error
