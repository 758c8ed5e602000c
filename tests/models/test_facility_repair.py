"""Every path of bpmn/facility_repair.bpmn: a fault in the Sihwei or Fengshan
administrative centre reported from the web, triaged by trade, repaired by a
contractor or in-house, inspected, and reopened while the inspection fails."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert

from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled
from engine.data.errors import Forbidden
from engine.data.schema import app_user

from .conftest import at, day

REPORTER = Actor("edu.officer", "EDU", frozenset({"officer"}))
TECHNICIAN = Actor("doa.officer", "DOA", frozenset({"officer"}))
REPORT = {"centre": "sihwei", "location": "7樓 西側", "trade": "lift",
          "subject": "西側電梯停在7樓", "content": "西側2號電梯停在7樓，按鈕沒有反應，門打不開。",
          "reporter_name": "林小姐", "reporter_phone": "分機 2345"}


def report(lib, when=None, **over):
    lib.clock.set(when or at(2026, 3, 2))
    [ref] = start_filled(lib.engine, "facility_repair", [Start({**REPORT, **over}, {"title": "設施報修"})],
                         actor=REPORTER)
    return ref["id"]


def repair(lib, cid, work_by="contractor", result="passed"):
    order = {"work_by": work_by, "work_instructions": "檢修控制盤"}
    if work_by == "contractor":
        order["contractor_name"] = "永安電梯公司"
    lib.complete(cid, "work_order", **order)
    lib.complete(cid, "do_repair", work_done="更換控制盤繼電器", completed_on="2026-03-03")
    verdict = {"inspection_result": result}
    if result == "failed":
        verdict["inspection_notes"] = "電梯仍會停在7樓"
    lib.complete(cid, "inspect", **verdict)


def test_urgent_lift_fault_is_repaired_by_a_contractor_and_passes(library):
    cid = report(library)
    triage = library.task(cid, "triage")
    # Received Mon 03-02: triage is due by the end of the next working day.
    assert (triage.candidate_agency, day(triage.due_at)) == ("DOA", "2026-03-03")
    library.complete(cid, "triage", trade="lift", urgency="urgent", triage_action="repair")
    library.complete(cid, "work_order", work_by="contractor", contractor_name="永安電梯公司",
                     work_instructions="檢修控制盤")
    assert day(library.task(cid, "do_repair").due_at) == "2026-03-03"
    library.complete(cid, "do_repair", work_done="更換控制盤繼電器", completed_on="2026-03-03")
    inspect = library.task(cid, "inspect")
    assert (inspect.candidate_agency, inspect.candidate_role) == ("DOA", "supervisor")
    library.complete(cid, "inspect", inspection_result="passed")
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert {k: data[k] for k in ("trade", "centre", "work_by", "reopen_count", "outcome")} == {
        "trade": "lift", "centre": "sihwei", "work_by": "contractor", "reopen_count": 0, "outcome": "completed"}
    assert (data["location"], library.case(cid).responsible_agency) == ("四維行政中心 7樓 西側", "DOA")


def test_a_failed_inspection_reopens_the_repair_until_it_passes(library):
    cid = report(library, centre="fengshan", trade="air_conditioning")
    library.complete(cid, "triage", trade="air_conditioning", urgency="normal", triage_action="repair")
    repair(library, cid, "contractor", "failed")
    assert library.open_elements(cid) == ["work_order"]          # reopened, a new work order
    repair(library, cid, "in_house", "failed")
    repair(library, cid, "in_house", "passed")
    assert library.completed_elements(cid).count("inspect") == 3
    data = library.data(cid)
    assert (data["reopen_count"], data["work_by"], data["outcome"]) == (2, "in_house", "completed")


def test_triage_corrects_the_trade_or_cancels_a_duplicate(library):
    cid = report(library, trade="civil")
    library.complete(cid, "triage", trade="plumbing_electrical", urgency="normal", triage_action="cancel",
                     cancel_reason="與前一件報修重複")
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert (data["trade"], data["outcome"], data["reopen_count"]) == ("plumbing_electrical", "cancelled", 0)
    assert "work_order" not in library.completed_elements(cid)


def test_whoever_reported_the_completion_may_not_inspect_it(library):
    cid = report(library)
    library.complete(cid, "triage", trade="lift", urgency="urgent", triage_action="repair")
    library.complete(cid, "work_order", work_by="in_house", work_instructions="檢修")
    row = library.task(cid, "do_repair")
    chief = Actor("doa.chief", "DOA", frozenset({"officer", "supervisor"}))
    library.engine.complete(row.id, chief, {"work_done": "自行修復", "completed_on": "2026-03-02"})
    inspect = library.task(cid, "inspect")
    with pytest.raises(Forbidden) as err:
        library.engine.complete(inspect.id, chief, {"inspection_result": "passed"})
    assert err.value.detail["code"] == "own_request"


def test_a_normal_repair_is_due_in_five_working_days_and_escalated_when_late(library):
    # Thu 04-02: Children's Day (Fri 04-03) and Tomb-Sweeping Day (Mon 04-06) are off.
    cid = report(library, when=at(2026, 4, 2), trade="civil")
    assert day(library.task(cid, "triage").due_at) == "2026-04-07"
    library.complete(cid, "triage", trade="civil", urgency="normal", triage_action="repair")
    library.complete(cid, "work_order", work_by="in_house", work_instructions="修補天花板")
    assert day(library.task(cid, "do_repair").due_at) == "2026-04-13"
    library.advance(days=12)
    assert library.case(cid).escalation_level == 1
    assert ("escalation", "doa@city.example") in [n[:2] for n in library.notices(cid)]


def test_a_reopened_repair_comes_back_to_who_ordered_and_did_it(library):
    """keep_with: the new round's work order and repair are already claimed by
    whoever did them in the failed round (active DOA officers)."""
    wu, tech = (Actor(u, "DOA", frozenset({"officer"})) for u in ("doa.wu", "doa.tech"))
    with library.db.begin() as conn:
        conn.execute(insert(app_user), [
            dict(username=a.username, password_hash="x", agency_code="DOA", roles="officer",
                 created_at=datetime(2026, 1, 1, tzinfo=timezone.utc)) for a in (wu, tech)])
    cid = report(library)
    library.complete(cid, "triage", trade="lift", urgency="normal", triage_action="repair")
    assert library.task(cid, "work_order").assignee is None      # the first round: the queue
    library.engine.complete(library.task(cid, "work_order").id, wu,
                            {"work_by": "in_house", "work_instructions": "檢修控制盤"})
    library.engine.complete(library.task(cid, "do_repair").id, tech,
                            {"work_done": "更換繼電器", "completed_on": "2026-03-03"})
    library.complete(cid, "inspect", inspection_result="failed", inspection_notes="仍會停在7樓")
    assert library.task(cid, "work_order").assignee == "doa.wu"
    library.engine.complete(library.task(cid, "work_order").id, wu,
                            {"work_by": "in_house", "work_instructions": "更換控制盤"})
    assert library.task(cid, "do_repair").assignee == "doa.tech"
