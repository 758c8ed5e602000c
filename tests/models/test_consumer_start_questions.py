"""bpmn/consumer_complaint.bpmn: 是否已先提出消費申訴 (has_prior_complaint) and
本爭議是否已經調解或仲裁 (already_mediated) are asked on a mediation application
only. Every other request type starts without them, and a later mediation
(after a second complaint) still finds both answered by the model itself."""
import pytest

from engine.data.errors import InvalidData

from .conftest import at

FORM = dict(category="travel", consumer_name="陳美玲", business_name="某旅行社",
            claim_text="疫情取消行程未退費")


def intake(lib, request_type, **answers):
    lib.clock.set(at(2026, 3, 2))
    cid = lib.start("consumer_complaint", {"title": "旅行社退費爭議"},
                    petitioner={"name": "陳美玲", "email": "chen@example.org"})
    lib.complete(cid, "intake", request_type=request_type, **FORM, **answers)
    return cid


@pytest.mark.parametrize("request_type,first_step", [
    ("consultation", "answer_consultation"),
    ("first_complaint", "business_response"),
    ("second_complaint", "second_complaint"),
])
def test_each_other_request_type_starts_without_the_questions(library, request_type, first_step):
    cid = intake(library, request_type)
    assert library.open_elements(cid) == [first_step]
    data = library.wf_data(cid)
    assert "has_prior_complaint" not in data and data["already_mediated"] is False


def test_answers_sent_for_another_request_type_are_not_stored(library):
    cid = intake(library, "first_complaint", has_prior_complaint=False, already_mediated=True)
    assert "has_prior_complaint" not in library.wf_data(cid)
    assert library.wf_data(cid)["already_mediated"] is False   # the model's own default
    assert library.open_elements(cid) == ["business_response"]


def test_mediation_after_a_second_complaint_is_accepted_without_the_questions(library):
    cid = intake(library, "second_complaint")
    library.complete(cid, "second_complaint", cpo_findings="未果", second_outcome="unresolved")
    library.complete(cid, "mediation_offer", applies_mediation=True)
    assert library.open_elements(cid) == ["mediation_session"]


def test_a_mediation_application_must_answer_both_questions(library):
    with pytest.raises(InvalidData) as refused:
        intake(library, "mediation")
    errors = refused.value.errors
    assert {errors["has_prior_complaint"].code, errors["already_mediated"].code} == {"no_decision"}
    assert errors["has_prior_complaint"].params["no_zh"] == "尚未提出申訴（依消保法第44條不受理調解）"


def test_a_mediation_application_after_a_complaint_opens_the_sessions(library):
    cid = intake(library, "mediation", has_prior_complaint=True, already_mediated=False)
    assert library.open_elements(cid) == ["mediation_session"]


def test_an_application_that_cannot_be_mediated_is_refused_in_writing(library):
    # Registered as asked (a letter must be answered), then 不受理調解 with the reason.
    cid = intake(library, "mediation", has_prior_complaint=False, already_mediated=False)
    assert library.case(cid).status == "completed"
    assert library.data(cid)["outcome"] == "mediation_refused"
