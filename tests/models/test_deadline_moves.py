"""A resumed clock (補正) moves the task's deadline inside the workflow: its
reminder, overdue and department timers follow the new due date instead of
firing on the old one. (An extension, 展期, is the model's own:
test_petition_extension.py.)"""
from sqlalchemy import select

from engine.cases import extensions
from engine.cases.actors import Actor
from engine.data.schema import timer

from .conftest import at, day
from .test_petition import new_case, register

OFFICER = Actor("pwb.officer", "PWB", frozenset({"officer"}))


def timer_days(lib, cid) -> dict:
    with lib.db.connect() as conn:
        rows = conn.execute(select(timer.c.element_id, timer.c.due_at, timer.c.state)
                            .where(timer.c.case_id == cid)).all()
    return {r.element_id: (day(r.due_at), r.state) for r in rows}


def test_resumed_clock_moves_timers_by_the_stopped_working_days(library):
    cid = new_case(library)
    register(library, cid)
    with library.db.begin() as conn:
        extensions.stop_clock(conn, library.clock, OFFICER.username, cid, reason="請補正地址")
    library.clock.set(at(2026, 3, 6, 10, 0))     # Fri: Mon-Thu stood still = 4 working days
    assert library.engine.resume_clock(cid, OFFICER) == 4
    assert timer_days(library, cid)["handle_overdue_timer"] == ("2026-03-16", "pending")
    assert timer_days(library, cid)["handle_reminder_timer"] == ("2026-03-13", "pending")
    assert day(library.task(cid, "handle").due_at) == "2026-03-16"
    assert not library.case(cid).extended


def test_timer_row_due_before_its_workflow_instant_is_rearmed_not_fired(library):
    cid = new_case(library)
    register(library, cid)
    with library.db.begin() as conn:   # a stale row: says due now, the workflow says 03-10
        conn.execute(timer.update().where(timer.c.element_id == "handle_overdue_timer")
                     .values(due_at=library.clock.now()))
        timer_id = conn.execute(select(timer.c.id).where(
            timer.c.element_id == "handle_overdue_timer")).scalar()
    assert library.engine.fire_timer(timer_id) is False
    assert timer_days(library, cid)["handle_overdue_timer"] == ("2026-03-10", "pending")
    assert "timer" not in library.audit_actions(cid)
    assert library.case(cid).escalation_level == 0


def test_a_command_leaves_unchanged_timer_rows_alone(library):
    """SQLite hands instants back without a zone: compared as such, every command
    re-armed every pending timer, taking claimed ones back from their scheduler."""
    cid = new_case(library)
    register(library, cid)
    with library.db.begin() as conn:
        conn.execute(timer.update().where(timer.c.element_id == "handle_overdue_timer")
                     .values(state="claimed", claimed_by="scheduler-a"))
    from engine.cases.actors import SYSTEM
    library.engine.execute(cid, SYSTEM, lambda cmd: None)   # any command on the case
    with library.db.connect() as conn:
        assert conn.execute(select(timer.c.state, timer.c.claimed_by).where(
            timer.c.element_id == "handle_overdue_timer")).one() == ("claimed", "scheduler-a")
