"""The audit trail's chain (engine/data/audit.py): rows written by real
commands and timer batches verify; a forged, changed or deleted row is found
at the first broken link; TRUNCATE is refused on PostgreSQL."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import DBAPIError

from engine.cases.actors import Actor
from engine.data import audit
from engine.data.schema import audit as audit_t, task
from engine.scheduling.scheduler import Scheduler
from engine.time.clock import TAIPEI, to_iso

CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
DUE = datetime(2026, 3, 2, 10, 0, tzinfo=TAIPEI)


@pytest.fixture
def trail(engine, db, model_files):
    """Some history: two casework cases started and one task claimed."""
    engine.deploy(model_files("casework.bpmn"))
    for title in ("路燈不亮", "坑洞"):
        engine.start_case("casework", {"title": title, "category": "streetlight"}, actor=CLERK,
                          received_at=datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    with db.connect() as conn:
        tid = conn.execute(select(task.c.id).where(task.c.state == "ready")).scalars().first()
    engine.claim(tid, CLERK)
    with db.connect() as conn:
        return conn.execute(select(audit_t.c.id).order_by(audit_t.c.id)).scalars().all()


def check(db):
    with db.connect() as conn:
        return audit.verify(conn, batch=2)   # small batches: the walk crosses batch borders


def without_guards(db, *statements):
    """What someone with raw database access can do: lift the append-only triggers."""
    with db.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit DISABLE TRIGGER USER"))
        else:
            for name in ("audit_no_update", "audit_no_delete"):
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        for stmt in statements:
            conn.execute(stmt)
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit ENABLE TRIGGER USER"))


def test_commands_write_a_chain_that_verifies(trail, db):
    assert len(trail) >= 3
    v = check(db)
    assert (v.broken_at, v.checked, v.unchained) == (None, len(trail), 0)


def test_timer_batches_chain_their_gathered_rows(engine, db, clock, model_files):
    engine.deploy(model_files("timed_division.bpmn"))
    for d in (1, 0, 2):   # the 0 fails: its batch is rolled back and the others retried
        engine.start_case("timed_division", {"fire_at": to_iso(DUE), "divisor": d})
    clock.set(DUE + timedelta(seconds=1))
    assert Scheduler(db, engine, clock=clock, recurring_jobs=False, chunk=3).fire_due() == 2
    v = check(db)
    assert v.broken_at is None and v.checked >= 5


def test_a_forged_row_breaks_the_chain_where_it_was_added(trail, db):
    forged = {"case_id": None, "at": datetime(2026, 1, 1, tzinfo=timezone.utc), "actor": "admin",
              "action": "case_closed", "task_id": None, "detail": "{}"}
    with db.begin() as conn:   # a plausible chain value, computed without the app's key
        conn.execute(insert(audit_t).values(**forged, chain="0" * 64))
    assert check(db).broken_at == trail[-1] + 1


def test_a_changed_row_is_found(trail, db):
    without_guards(db, update(audit_t).where(audit_t.c.id == trail[1]).values(actor="someone"))
    v = check(db)
    assert (v.broken_at, v.after, v.checked) == (trail[1], trail[0], 1)


def test_a_deleted_row_breaks_the_link_of_the_next(trail, db):
    without_guards(db, audit_t.delete().where(audit_t.c.id == trail[1]))
    v = check(db)
    assert (v.broken_at, v.after) == (trail[2], trail[0])


def test_the_database_refuses_changes_and_truncation(trail, db):
    with pytest.raises(DBAPIError), db.begin() as conn:
        conn.execute(update(audit_t).values(actor="x"))
    if db.dialect.name != "postgresql":
        return
    with pytest.raises(DBAPIError, match="append-only"), db.begin() as conn:
        conn.execute(text("TRUNCATE audit CASCADE"))
    assert check(db).checked == len(trail)
