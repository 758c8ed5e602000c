"""Every path of bpmn/consumer_complaint.bpmn (Consumer Protection Act Arts. 43-46).

Received Monday 2026-03-02 09:00. Calendar-day limits follow Art. 48: the
first day is not counted and a limit falling on a weekend moves to Monday.
"""
import pytest

from .conftest import at, day

CONSUMER = {"name": "陳美玲", "email": "chen@example.org"}


def new_case(lib, request_type, **over):
    lib.clock.set(at(2026, 3, 2))
    cid = lib.start("consumer_complaint", {"title": "旅行社退費爭議"}, petitioner=dict(CONSUMER))
    form = dict(request_type=request_type, category="travel", consumer_name="陳美玲",
                business_name="某旅行社", claim_text="疫情取消行程未退費",
                has_prior_complaint=False, already_mediated=False)
    form.update(over)
    lib.complete(cid, "intake", **form)
    return cid


def outcome(lib, cid):
    assert lib.case(cid).status == "completed"
    return lib.data(cid)["outcome"]


def test_consultation_is_answered_and_closed(library):
    cid = new_case(library, "consultation")
    assert library.task(cid, "answer_consultation").candidate_agency == "CPO"
    library.complete(cid, "answer_consultation", consultation_answer="可依定型化契約退費",
                     becomes_complaint=False)
    assert outcome(library, cid) == "consultation_answered"


def test_consultation_turned_complaint_goes_to_the_business_with_15_days(library):
    cid = new_case(library, "consultation")
    library.complete(cid, "answer_consultation", consultation_answer="轉申訴", becomes_complaint=True)
    task = library.task(cid, "business_response")
    assert day(task.due_at) == "2026-03-17"  # 15 calendar days, first day not counted
    library.complete(cid, "business_response", business_reply="同意全額退費", properly_handled=True)
    assert outcome(library, cid) == "resolved_by_business"


def test_business_reply_arrives_as_a_message(library):
    cid = new_case(library, "first_complaint")
    library.engine.send_message(cid, "business_reply", {"reply": "僅退一半", "properly_handled": False})
    assert library.open_elements(cid) == ["consumer_next"]
    data = library.data(cid)
    assert (data["business_answered"], data["business_reply"]) == (True, "僅退一半")


def test_business_silent_for_15_days_lets_the_consumer_file_a_second_complaint(library):
    cid = new_case(library, "first_complaint", category="air_ticket")
    library.advance(days=15)  # Tue 03-17 09:00: limit not over yet
    assert library.open_elements(cid) == ["business_response"]
    library.advance(days=1)
    assert library.open_elements(cid) == ["consumer_next"]
    assert library.data(cid)["business_answered"] is False
    library.complete(cid, "consumer_next", files_second_complaint=True)
    task = library.task(cid, "second_complaint")
    assert (task.candidate_agency, task.candidate_role) == ("CPO", "officer")
    library.complete(cid, "second_complaint", cpo_findings="業者同意退費", second_outcome="resolved")
    assert outcome(library, cid) == "resolved_by_cpo"
    assert library.case(cid).category == "air_ticket"  # kept for the statistics


def test_consumer_may_stop_after_the_first_complaint(library):
    cid = new_case(library, "first_complaint")
    library.complete(cid, "business_response", business_reply="拒絕", properly_handled=False)
    library.complete(cid, "consumer_next", files_second_complaint=False)
    assert outcome(library, cid) == "closed_after_first"


def test_consumer_may_stop_after_the_second_complaint(library):
    cid = new_case(library, "second_complaint", has_prior_complaint=True)
    library.complete(cid, "second_complaint", cpo_findings="未果", second_outcome="unresolved")
    library.complete(cid, "mediation_offer", applies_mediation=False)
    assert outcome(library, cid) == "closed_after_second"


def test_second_complaint_overdue_reminds_and_escalates_the_officer(library):
    cid = new_case(library, "second_complaint", has_prior_complaint=True)
    assert day(library.task(cid, "second_complaint").due_at) == "2026-03-17"
    library.advance(days=16)
    assert library.case(cid).escalation_level == 1
    assert [k for k, *_ in library.notices(cid)] == ["reminder", "escalation"]


def mediate(lib, cid, result, **over):
    # Held today: a recorded session is never in the future (max="today").
    form = dict(session_date="2026-03-02", members_present=7, business_attended=True,
                session_result=result)
    form.update(over)
    lib.complete(cid, "mediation_session", **form)


def to_mediation(lib):
    cid = new_case(lib, "second_complaint", has_prior_complaint=True)
    lib.complete(cid, "second_complaint", cpo_findings="未果", second_outcome="unresolved")
    lib.complete(cid, "mediation_offer", applies_mediation=True)
    return cid


def test_mediation_sessions_until_settled_with_a_mediation_record(library):
    cid = to_mediation(library)
    session = library.task(cid, "mediation_session")
    assert session.candidate_agency == "CDMC"
    assert day(session.due_at) == "2026-05-21"  # 80 calendar days
    mediate(library, cid, "continue")
    mediate(library, cid, "settled")
    library.complete(cid, "record_settlement", record_number="高市消調字第115001號",
                     signed_on="2026-03-02", court_approval=True)
    assert outcome(library, cid) == "settled"
    assert library.data(cid)["sessions"] == 2


def test_failed_mediation_points_to_small_claims(library):
    cid = to_mediation(library)
    mediate(library, cid, "failed", business_attended=False)
    assert outcome(library, cid) == "mediation_failed"
    assert "小額訴訟" in library.notices(cid)[-1][2]


def test_committee_proposal_binds_after_the_10_day_objection_period(library):
    cid = to_mediation(library)
    mediate(library, cid, "proposal")
    window = library.task(cid, "objection_window")
    assert day(window.due_at) == "2026-03-12"  # 10 calendar days from service
    library.advance(days=9)
    assert library.open_elements(cid) == ["objection_window"]
    library.advance(days=2)
    assert outcome(library, cid) == "proposal_binding"


def test_objection_within_the_period_fails_the_mediation(library):
    cid = to_mediation(library)
    mediate(library, cid, "proposal")
    library.complete(cid, "objection_window", objection_filed=True, objection_by="business")
    assert outcome(library, cid) == "proposal_objected"


def test_direct_mediation_application_with_a_prior_complaint_is_accepted(library):
    cid = new_case(library, "mediation", has_prior_complaint=True,
                   prior_complaint_number="115-000010")
    assert library.open_elements(cid) == ["mediation_session"]


@pytest.mark.parametrize("prior,mediated", [(False, False), (True, True)])
def test_mediation_is_refused_without_a_complaint_or_when_already_mediated(library, prior, mediated):
    cid = new_case(library, "mediation", has_prior_complaint=prior, already_mediated=mediated)
    assert outcome(library, cid) == "mediation_refused"
    assert library.data(cid)["refusal_reason"] == ("already_mediated" if mediated else "no_prior_complaint")
    # The period report counts refused applications too, on the day applied.
    assert library.data(cid)["mediation_applied_at"] == "2026-03-02T09:00:00+08:00"
    assert library.notices(cid)[-1][1] == "chen@example.org"
