"""An approved extension (展期) and a resumed clock (補正) move the task's
deadline inside the workflow: its reminder, overdue and department timers
follow the new due date instead of firing on the old one."""
from datetime import datetime

from sqlalchemy import select

from engine.cases import extensions
from engine.cases.actors import Actor
from engine.time.clock import TAIPEI
from engine.data.schema import timer

from .conftest import at, day
from .test_petition import new_case, register, reply

CHIEF = Actor("pwb.supervisor", "PWB", frozenset({"supervisor"}))
OFFICER = Actor("pwb.officer", "PWB", frozenset({"officer"}))


def timer_days(lib, cid) -> dict:
    with lib.db.connect() as conn:
        rows = conn.execute(select(timer.c.element_id, timer.c.due_at, timer.c.state)
                            .where(timer.c.case_id == cid)).all()
    return {r.element_id: (day(r.due_at), r.state) for r in rows}


def extend(lib, cid, new_day: str) -> dict:
    handle = lib.task(cid, "handle")
    due = datetime.fromisoformat(new_day).replace(hour=23, minute=59, second=59, tzinfo=TAIPEI)
    with lib.db.begin() as conn:
        req = extensions.request_extension(conn, lib.clock, OFFICER.username, task_id=handle.id,
                                           reason="需會勘現場", proposed_due=due)
    return lib.engine.decide_extension(req, CHIEF, approve=True, note="同意")


def test_approved_extension_rearms_reminder_and_escalation_timers(library):
    cid = new_case(library)
    register(library, cid)
    assert timer_days(library, cid) == {
        "handle_reminder_timer": ("2026-03-09", "pending"),
        "handle_overdue_timer": ("2026-03-10", "pending"),
        "handle_dept_timer": ("2026-03-13", "pending")}
    result = extend(library, cid, "2026-03-20")
    assert sorted(result["timers"]) == ["handle_dept_timer", "handle_overdue_timer",
                                        "handle_reminder_timer"]
    assert timer_days(library, cid) == {
        "handle_reminder_timer": ("2026-03-19", "pending"),
        "handle_overdue_timer": ("2026-03-20", "pending"),
        "handle_dept_timer": ("2026-03-25", "pending")}
    assert day(library.task(cid, "handle").due_at) == "2026-03-20"
    assert day(library.case(cid).due_at) == "2026-03-20"
    library.engine.cache.clear()  # what was stored, not only the cached workflow, moved
    library.advance(days=9)       # Wed 03-11: past the old deadline, nothing fires
    assert [n[0] for n in library.notices(cid)] == ["extension"]
    assert library.case(cid).escalation_level == 0
    library.clock.set(at(2026, 3, 19, 9, 0))
    library.advance(minutes=1)    # the new reminder, one working day before 03-20
    assert [n[0] for n in library.notices(cid)] == ["extension", "reminder"]
    reply(library, cid)
    row = library.case(cid)
    assert row.status == "completed" and row.extended


def test_rejected_extension_leaves_the_timers(library):
    cid = new_case(library)
    register(library, cid)
    before = timer_days(library, cid)
    handle = library.task(cid, "handle")
    with library.db.begin() as conn:
        req = extensions.request_extension(conn, library.clock, OFFICER.username,
                                           task_id=handle.id, reason="r", working_days=5)
    library.engine.decide_extension(req, CHIEF, approve=False)
    assert timer_days(library, cid) == before
    assert not library.case(cid).extended


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
    library.engine._execute(cid, SYSTEM, lambda cmd: None)   # any command on the case
    with library.db.connect() as conn:
        assert conn.execute(select(timer.c.state, timer.c.claimed_by).where(
            timer.c.element_id == "handle_overdue_timer")).one() == ("claimed", "scheduler-a")
