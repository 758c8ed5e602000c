"""While 補正 stops a petition's clock, its handle step's reminder (催辦),
overdue and department escalation timers do not fire, whatever runs: the
scheduler, a timer claimed just before the stop, another command on the case.
On the petitioner's answer they move by the working days lost and fire once
each, at their moved instants. The real petition model, the real scheduler's
claim and fire, an injected clock; SQLite and PostgreSQL."""
from datetime import timedelta

from sqlalchemy import select

from engine.cases import extensions, supplements
from engine.cases.actors import SYSTEM, Actor
from engine.data.schema import audit, timer
from engine.scheduling import timers
from engine.scheduling.scheduler import Scheduler
from engine.time.deadlines import as_utc

from .conftest import at, day
from .test_petition import new_case, register

OFFICER = Actor("pwb.officer", "PWB", frozenset({"officer"}))
HANDLE_TIMERS = ("handle_reminder_timer", "handle_overdue_timer", "handle_dept_timer")


def waiting_case(lib):
    """A petition at PWB's handle step (due Tue 03-10), 補正 asked on Wed 03-04."""
    cid = new_case(lib)
    register(lib, cid)
    handle = lib.task(cid, "handle").id
    lib.engine.claim(handle, OFFICER)
    lib.clock.set(at(2026, 3, 4, 10, 0))
    lib.engine.ask_supplement(handle, OFFICER, "請補正坑洞的正確地址")
    return cid


def scheduler(lib) -> Scheduler:
    return Scheduler(lib.db, lib.engine, clock=lib.clock, recurring_jobs=False)


def timer_rows(lib, cid) -> dict:
    with lib.db.connect() as conn:
        rows = conn.execute(select(timer).where(timer.c.case_id == cid)).all()
    return {r.element_id: r for r in rows if r.element_id in HANDLE_TIMERS}


def fired_elements(lib, cid) -> list:
    import json
    with lib.db.connect() as conn:
        details = conn.execute(select(audit.c.detail).where(
            audit.c.case_id == cid, audit.c.action == "timer").order_by(audit.c.id)).scalars()
        return [json.loads(d)["element"] for d in details]


def kinds(lib, cid) -> list:
    return [n.kind for n in lib.notices(cid) if n.kind in ("reminder", "escalation")]


def test_nothing_fires_while_waiting_then_each_fires_once_at_its_moved_instant(library):
    cid = waiting_case(library)
    sched = scheduler(library)
    library.clock.set(at(2026, 3, 20, 10, 0))        # past reminder, overdue and department
    assert sched.fire_due() == 0
    assert fired_elements(library, cid) == [] and kinds(library, cid) == []
    assert library.case(cid).escalation_level == 0
    assert {r.state for r in timer_rows(library, cid).values()} == {"pending"}
    next_due = timers.next_due(library.db.connect())
    assert next_due is None or next_due > library.clock.now()   # the scheduler does not spin

    days = library.engine.answer_supplement(cid, supplements.PETITIONER, "中山路100號前")
    assert days == 12                                  # Thu 03-05 .. Fri 03-20
    moved = {e: as_utc(r.due_at) for e, r in timer_rows(library, cid).items()}
    assert day(moved["handle_overdue_timer"]) == "2026-03-26"   # 03-10 + 12 working days
    assert all(due > library.clock.now() for due in moved.values())
    assert sched.fire_due() == 0                       # came due during the stop: not at once

    for element in HANDLE_TIMERS:
        library.clock.set(moved[element] + timedelta(seconds=1))
        assert sched.fire_due() == 1, element
        assert sched.fire_due() == 0
    assert fired_elements(library, cid) == list(HANDLE_TIMERS)
    assert kinds(library, cid) == ["reminder", "escalation", "escalation"]
    assert library.case(cid).escalation_level >= 1


def test_another_command_on_a_waiting_case_fires_none_of_its_timers(library):
    cid = waiting_case(library)
    library.clock.set(at(2026, 3, 20, 10, 0))
    library.engine.execute(cid, SYSTEM, lambda cmd: None)   # e.g. a comment, a claim
    assert fired_elements(library, cid) == []
    assert library.case(cid).escalation_level == 0


def test_a_timer_claimed_just_before_the_stop_is_handed_back_not_fired(library):
    cid = new_case(library)
    register(library, cid)
    library.clock.set(at(2026, 3, 9, 9, 0))           # the reminder (03-09 08:30) is due
    with library.db.begin() as conn:
        claimed = timers.claim_due(conn, library.clock.now(), "scheduler-a", 100)
    assert len(claimed) == 1
    with library.db.begin() as conn:   # the stop commits between the claim and the firing
        extensions.stop_clock(conn, library.clock, OFFICER.username, cid, reason="請補正地址")
    assert library.engine.fire_timers(claimed, "scheduler-a") == 0
    assert library.engine.fire_timer(claimed[0], "scheduler-a") is False
    row = timer_rows(library, cid)["handle_reminder_timer"]
    assert (row.state, row.claimed_by) == ("pending", None)
    assert fired_elements(library, cid) == [] and kinds(library, cid) == []

    library.clock.set(at(2026, 3, 11, 9, 0))
    assert library.engine.resume_clock(cid, OFFICER) == 2   # reminder moved to 03-11 08:30
    scheduler(library).fire_due()
    assert kinds(library, cid) == ["reminder"]              # once, now its moved instant passed
    assert scheduler(library).fire_due() == 0 and kinds(library, cid) == ["reminder"]


def test_two_schedulers_fire_the_moved_timers_once(library):
    cid = waiting_case(library)
    a, b = scheduler(library), scheduler(library)
    library.clock.set(at(2026, 3, 20, 10, 0))
    assert a.fire_due() + b.fire_due() == 0
    library.engine.answer_supplement(cid, supplements.PETITIONER, "中山路100號前")
    library.clock.set(at(2026, 4, 30, 10, 0))        # every moved instant has passed
    assert a.fire_due() + b.fire_due() == 3
    assert a.fire_due() + b.fire_due() == 0
    assert sorted(fired_elements(library, cid)) == sorted(HANDLE_TIMERS)
