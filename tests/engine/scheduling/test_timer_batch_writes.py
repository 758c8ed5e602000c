"""What a timer batch sends (issue 15: 10,000 timers due at once): its case
rows in one statement, its audit rows chained at its end (so the chain's lock
is not held while its cases compute), and still exactly once."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from engine.cases.timerbatch import BatchConnection
from engine.data import audit as kaudit
from engine.data.errors import Conflict
from engine.data.schema import audit, case, timer
from engine.scheduling.scheduler import Scheduler
from engine.time.clock import TAIPEI, to_iso

DUE = datetime(2026, 3, 2, 10, 0, tzinfo=TAIPEI)


@pytest.fixture
def statements(db):
    sent = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append((" ".join(statement.split()).upper(), executemany))
    event.listen(db, "before_cursor_execute", record)
    yield sent
    event.remove(db, "before_cursor_execute", record)


def start(engine, count):
    return [engine.start_case("timed_division", {"fire_at": to_iso(DUE), "divisor": 1})["id"]
            for _ in range(count)]


def test_a_batch_updates_its_cases_at_once_and_chains_its_audit_last(
        engine, db, clock, model_files, statements):
    engine.deploy(model_files("timed_division.bpmn"))
    ids = start(engine, 6)
    clock.set(DUE + timedelta(seconds=1))
    engine.cache.clear()
    statements.clear()
    assert Scheduler(db, engine, clock=clock, recurring_jobs=False, chunk=6).fire_due() == 6
    batch = [s for s in statements if not s[0].startswith("SELECT MIN(TIMER.DUE_AT)")]
    case_updates = [s for s in batch if s[0].startswith(('UPDATE "CASE" ', "UPDATE CASE SET"))]
    assert case_updates == [case_updates[0]] and case_updates[0][1]   # one executemany
    touching_audit = [i for i, s in enumerate(batch) if "AUDIT" in s[0] or "ADVISORY" in s[0]]
    assert touching_audit and touching_audit[0] >= len(batch) - 4   # lock, head, insert, (commit)
    with db.connect() as conn:
        assert conn.execute(select(audit.c.case_id).where(audit.c.action == "timer")
                            .order_by(audit.c.case_id)).scalars().all() == ids
        assert conn.execute(select(case.c.version).where(case.c.id.in_(ids))
                            ).scalars().all() == [2] * 6
        verdict = kaudit.verify(conn)
    assert verdict.broken_at is None and verdict.checked > 6


def test_a_case_changed_under_the_batch_refuses_the_batch(engine, db, model_files):
    engine.deploy(model_files("timed_division.bpmn"))
    cid = start(engine, 1)[0]
    stale = (__import__("engine.cases.runtime", fromlist=["_case_update"])
             ._case_update(("version",), False))
    with db.connect() as conn, conn.begin():
        batch = BatchConnection(conn)
        res = batch.execute(stale, {"v_version": 9, "cid": cid, "old_version": 7})
        assert res.rowcount == 1          # counted when sent
        with pytest.raises(Conflict):
            batch.flush()


def test_two_schedulers_fire_a_batch_each_exactly_once(engine, db, clock, model_files):
    engine.deploy(model_files("timed_division.bpmn"))
    ids = start(engine, 8)
    clock.set(DUE + timedelta(seconds=1))
    one = Scheduler(db, engine, clock=clock, recurring_jobs=False, batch=4, chunk=2)
    two = Scheduler(db, engine, clock=clock, recurring_jobs=False, batch=4, chunk=4)
    assert one.fire_due() + two.fire_due() == 8
    with db.connect() as conn:
        assert set(conn.execute(select(timer.c.state))
                   .scalars()) == {"fired"}
        fired = conn.execute(select(audit.c.case_id).where(audit.c.action == "timer")).scalars()
        assert sorted(fired) == ids
        assert kaudit.verify(conn).broken_at is None
