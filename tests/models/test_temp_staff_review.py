"""Every path of bpmn/temp_staff_review.bpmn: an agency asks for temporary
staff with its budget source; the department checks it, convenes the panel
of the finance, accounting, labour and personnel bureaus and records the
decision (monthly or hourly staff, how many); no budget source, no staff."""
from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled

from .conftest import at, day

EPB_OFFICER = Actor("epb.officer", "EPB", frozenset({"officer"}))
REQUEST = {"requesting_agency": "EPB", "position_title": "道路清潔員", "duties": "登革熱防治期間加強清潔",
           "staff_kind": "hourly", "headcount": 120, "period_from": "2026-05-01",
           "period_until": "2026-10-31", "budget_source": "annual_budget", "budget_item": "環境清潔維護費"}


def request(lib, **over):
    lib.clock.set(at(2026, 3, 2))
    [ref] = start_filled(lib.engine, "temp_staff_review", [Start({**REQUEST, **over}, {"title": "臨時人員"})],
                         actor=EPB_OFFICER)
    return ref["id"]


def to_panel(lib, cid):
    lib.complete(cid, "check_request", budget_confirmed=True, check_notes="預算科目相符")
    convene = lib.task(cid, "convene_panel")
    assert day(convene.due_at) == "2026-03-16"      # 10 working days from the check
    lib.complete(cid, "convene_panel", meeting_number=1, meeting_date="2026-03-12",
                 panel_members="財政局、主計處、勞工局、人事處代表")
    assert lib.open_elements(cid) == []              # waiting for the meeting day
    lib.advance(days=10, hours=1)                     # Thu 03-12 09:30, the meeting, has passed
    decide = lib.task(cid, "record_decision")
    assert day(decide.due_at) == "2026-03-17"        # 3 working days from the meeting


def test_the_panel_approves_fewer_hourly_staff_than_asked(library):
    cid = request(library)
    check = library.task(cid, "check_request")
    assert (check.candidate_agency, day(check.due_at)) == ("DOA", "2026-03-09")
    to_panel(library, cid)
    library.complete(cid, "record_decision", decision="approved", staff_kind="hourly",
                     headcount=96, decision_reason="依業務量核減")
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert {k: data[k] for k in ("requesting_agency", "budget_source", "staff_kind", "headcount", "decision")} == {
        "requesting_agency": "EPB", "budget_source": "annual_budget", "staff_kind": "hourly",
        "headcount": 96, "decision": "approved"}
    assert [n[:2] for n in library.notices(cid)] == [("reply", "epb@city.example")]


def test_the_panel_rejects_and_the_request_stays_as_asked(library):
    cid = request(library, staff_kind="monthly", headcount=4)
    to_panel(library, cid)
    library.complete(cid, "record_decision", decision="rejected", decision_reason="可由現有人力調配")
    data = library.data(cid)
    assert (data["decision"], data["staff_kind"], data["headcount"]) == ("rejected", "monthly", 4)


def test_no_budget_source_is_rejected_without_a_meeting(library):
    cid = request(library, budget_source="none")
    library.complete(cid, "check_request", budget_confirmed=False, check_notes="未敘明預算來源")
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert (data["decision"], data["budget_source"]) == ("rejected", "none")
    assert "convene_panel" not in library.completed_elements(cid)
    assert [n[0] for n in library.notices(cid)] == ["reply"]
