"""Transfer and extension (展期) are the petition model's own: the handling
form asks, a supervisor decides in `approve_extension`, the `extend` script
moves `due_at`, and the looping handling subprocess opens a new `handle` whose
reminder, overdue and department timers follow the new deadline. Driven
through the engine with the injected clock.

Received Monday 2026-03-02 09:00: `handle` is due Tuesday 03-10.
"""
import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.errors import Forbidden, InvalidData
from engine.data.schema import timer

from .conftest import at, day
from .test_petition import new_case, register, reply

CHIEF = Actor("pwb.chief", "PWB", frozenset({"supervisor"}))
DEPUTY = Actor("pwb.deputy", "PWB", frozenset({"supervisor"}))


def pending_timers(lib, cid) -> dict:
    with lib.db.connect() as conn:
        rows = conn.execute(select(timer.c.element_id, timer.c.due_at).where(
            timer.c.case_id == cid, timer.c.state == "pending")).all()
    return {r.element_id: day(r.due_at) for r in rows}


def ask_extension(lib, cid, actor=None, days=5):
    handle = lib.task(cid, "handle")
    form = dict(handling_action="extension", extension_reason="需會勘現場", extension_days=days)
    if actor is None:
        lib.complete(cid, "handle", **form)
    else:
        lib.engine.complete(handle.id, actor, form)
    return lib.task(cid, "approve_extension")


def test_approved_extension_moves_the_due_date_and_the_new_handle_timers(library):
    cid = new_case(library)
    register(library, cid)
    assert pending_timers(library, cid) == {"handle_reminder_timer": "2026-03-09",
                                            "handle_overdue_timer": "2026-03-10",
                                            "handle_dept_timer": "2026-03-13"}
    approve = ask_extension(library, cid)
    assert approve.candidate_role == "supervisor" and day(approve.due_at) == "2026-03-10"
    assert pending_timers(library, cid) == {}    # the asking `handle` ended with its timers
    library.engine.complete(approve.id, CHIEF, dict(extension_approved=True, extension_days=5))
    handle = library.task(cid, "handle")          # a new instance: the subprocess loops
    assert day(handle.due_at) == "2026-03-17"
    assert pending_timers(library, cid) == {"handle_reminder_timer": "2026-03-16",
                                            "handle_overdue_timer": "2026-03-17",
                                            "handle_dept_timer": "2026-03-20"}
    assert day(library.case(cid).due_at) == "2026-03-17" and library.case(cid).extended
    library.advance(days=8)      # Tue 03-10 17:00: the old deadline passes quietly
    assert [n[0] for n in library.notices(cid)] == ["extension"]
    assert library.case(cid).escalation_level == 0
    library.clock.set(at(2026, 3, 16, 9, 0))
    library.advance(minutes=1)   # the reminder one working day before the new deadline
    assert [n[0] for n in library.notices(cid)] == ["extension", "reminder"]
    reply(library, cid)
    assert library.case(cid).status == "completed"


def test_transfer_gives_the_new_agency_its_own_deadline_and_timers(library):
    cid = new_case(library)
    register(library, cid)
    library.clock.set(at(2026, 3, 9, 10))   # the day before PWB's deadline
    library.complete(cid, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責")
    handle = library.task(cid, "handle")
    assert handle.candidate_agency == "TRB"
    assert day(handle.due_at) == "2026-03-17"   # 6 working days from the transfer, not 03-10
    assert pending_timers(library, cid)["handle_overdue_timer"] == "2026-03-17"
    library.advance(days=2)                      # past PWB's old deadline: nothing fires
    assert library.case(cid).escalation_level == 0


def test_officer_cannot_ask_for_months(library):
    cid = new_case(library)
    register(library, cid)
    with pytest.raises(InvalidData) as refused:
        ask_extension(library, cid, days=150)
    assert "extension_days" in refused.value.errors
    assert library.open_elements(cid) == ["handle"]


def test_one_open_request_per_task(library):
    cid = new_case(library)
    register(library, cid)
    ask_extension(library, cid)
    assert library.open_elements(cid) == ["approve_extension"]   # no `handle` left to ask again


def test_nobody_decides_their_own_request(library):
    cid = new_case(library)
    register(library, cid)
    approve = ask_extension(library, cid, actor=CHIEF)    # a supervisor handling it themselves
    with pytest.raises(Forbidden) as refused:
        library.engine.claim(approve.id, CHIEF)
    assert refused.value.detail["code"] == "own_request"
    with pytest.raises(Forbidden):
        library.engine.complete(approve.id, CHIEF, dict(extension_approved=True, extension_days=5))
    assert library.open_elements(cid) == ["approve_extension"]
    library.engine.claim(approve.id, DEPUTY)
    library.engine.complete(approve.id, DEPUTY, dict(extension_approved=True, extension_days=3))
    assert day(library.task(cid, "handle").due_at) == "2026-03-13"


def test_the_next_request_is_judged_by_its_own_asker(library):
    """The loop may ask again later: the rule follows the latest asker."""
    cid = new_case(library)
    register(library, cid)
    approve = ask_extension(library, cid, actor=CHIEF)
    library.engine.complete(approve.id, DEPUTY, dict(extension_approved=False, extension_days=1))
    approve = ask_extension(library, cid)                 # now an officer asks
    library.engine.complete(approve.id, CHIEF, dict(extension_approved=True, extension_days=2))
    assert day(library.task(cid, "handle").due_at) == "2026-03-12"


def test_not_by_must_name_a_task_of_the_process():
    from engine.models import meta
    from engine.models.xmlsafe import parse_xml
    from .conftest import BPMN_DIR
    source = (BPMN_DIR / "petition.bpmn").read_bytes()
    declared = meta.extract(parse_xml(source))["petition"].tasks["approve_extension"]
    assert (declared.not_by, declared.reason, declared.adds_days) == (
        "handle", "extension_reason", "extension_days")
    broken = meta.extract(parse_xml(source.replace(b'not_by="handle"', b'not_by="handel"')))
    found = [p for p in meta.problems(broken["petition"], None) if p[0] == "approve_extension"]
    assert found and "handel" in found[0][1] and "不是本流程的任務" in found[0][2]


def test_a_refusal_needs_no_days_and_keeps_the_deadline(library):
    cid = new_case(library)
    register(library, cid)
    approve = ask_extension(library, cid)
    library.engine.complete(approve.id, CHIEF, dict(extension_approved=False))
    handle = library.task(cid, "handle")          # back to the officer, the old deadline kept
    assert day(handle.due_at) == "2026-03-10" and not library.case(cid).extended
