"""Form validation: error codes with params, and conditional fields (`when`)."""
import pickle

import pytest

from engine.data.errors import InvalidData
from engine.models import conditions, forms
from engine.models.meta import Field, TaskMeta, _field_problems
from engine.models.validation import validate

from .test_validation import LANES, _good

ACTION = Field("action", "choice", required=True,
               choices=[["reply", "函復", "Reply"], ["transfer", "改分", "Transfer"]])
HANDLE = [ACTION,
          Field("reply_text", "textarea", required=True, when="action=reply"),
          Field("agency", "agency", required=True, when="action=transfer"),
          Field("reason", "text", when="action!=reply")]


def errors_of(fields, data, agencies=("PWB",)):
    with pytest.raises(InvalidData) as err:
        forms.validate(fields, data, set(agencies))
    return err.value.errors


@pytest.mark.parametrize("field,raw,code,params", [
    (Field("n", "integer"), "abc", "not_integer", {}),
    (Field("n", "integer", min=1), "0", "too_small", {"min": "1"}),
    (Field("n", "decimal", max=2.5), "3", "too_large", {"max": "2.5"}),
    (Field("t", "text", maxlength=3), "abcd", "too_long", {"limit": 3}),
    (Field("d", "date"), "2026-02-30", "not_date", {}),
    (Field("b", "boolean"), "maybe", "not_boolean", {}),
    (Field("e", "email"), "not-an-email", "not_email", {}),
    (Field("c", "case_number"), "12345", "not_case_number", {}),
    (Field("a", "agency"), "XYZ", "unknown_agency", {"agency": "XYZ"}),
    (Field("r", "text", required=True), "", "required", {}),
])
def test_each_error_has_a_code_with_params_and_keeps_its_english_text(field, raw, code, params):
    err = errors_of([field], {field.name: raw})[field.name]
    assert (err.code, err.params) == (code, params)
    assert isinstance(err, str) and err == str(err) and err   # the API still gets English text
    assert pickle.loads(pickle.dumps(err)).code == code


def test_required_keeps_the_word_the_api_returned_before():
    assert errors_of([Field("x", required=True)], {}) == {"x": "required"}


def test_an_unknown_key_is_refused_with_a_code():
    assert errors_of([ACTION], {"action": "reply", "oops": 1})["oops"].code == "not_a_field"


def test_reply_needs_its_text_and_nothing_else():
    errors = errors_of(HANDLE, {"action": "reply", "reply_text": "  "})
    assert errors == {"reply_text": "required"}


def test_fields_of_another_action_are_dropped_not_stored():
    clean = forms.validate(HANDLE, {"action": "reply", "reply_text": "已修復", "agency": "PWB",
                                    "reason": "不該存"}, {"PWB"})
    assert clean == {"action": "reply", "reply_text": "已修復"}


def test_transfer_needs_the_agency_and_ignores_an_invalid_reply_field():
    errors = errors_of(HANDLE, {"action": "transfer", "reply_text": 5})
    assert set(errors) == {"agency"}
    clean = forms.validate(HANDLE, {"action": "transfer", "agency": "PWB", "reason": "權責"}, {"PWB"})
    assert clean == {"action": "transfer", "agency": "PWB", "reason": "權責"}


def test_no_action_means_no_conditional_field_applies_except_a_negated_one():
    errors = errors_of(HANDLE, {"reply_text": "x"})
    assert errors == {"action": "required"}
    assert conditions.applying(HANDLE, {}) == {"action", "reason"}


def test_boolean_multichoice_and_chained_conditions():
    fields = [Field("objected", "boolean"),
              Field("by", "multichoice", when="objected=true",
                    choices=[["consumer", "", ""], ["business", "", ""]]),
              Field("business_note", "text", required=True, when="by=business")]
    assert forms.validate(fields, {"objected": False, "by": ["business"]}, set()) == {"objected": False}
    assert errors_of(fields, {"objected": True, "by": ["consumer", "business"]}) == {
        "business_note": "required"}
    assert forms.validate(fields, {"objected": "true", "by": ["consumer"]}, set()) == {
        "objected": True, "by": ["consumer"]}


@pytest.mark.parametrize("when,expected", [
    ("action=reply", None),
    ("action = reply | transfer", None),
    ("action==reply", "not of the form"),
    ("action=", "not of the form"),
    ("action=replay", "not a choice of 'action'"),
    ("acton=reply", "not another field"),
    ("note=x", "must be a choice, multichoice or boolean"),
    ("extra=reply", "not another field"),
])
def test_deploy_time_problems_of_conditions(when, expected):
    fields = [ACTION, Field("note", "text"), Field("extra", "text", when=when)]
    found = conditions.problems(fields)
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0][0], found
        assert "表單欄位「extra」" in found[0][1]


def test_conditions_going_round_are_refused():
    fields = [Field("a", "boolean", when="b=true"), Field("b", "boolean", when="a=true")]
    messages = [en for _, en, _ in _field_problems(TaskMeta("t", fields=fields))]
    assert any("circle" in m and "a → b → a" in m for m in messages), messages


def test_a_model_whose_condition_names_an_unknown_field_is_refused_at_deploy():
    old = '<civicflow:field name="subject" type="text" required="true" label_zh="主旨" label_en="Subject"/>'
    new = old + '<civicflow:field name="detail" type="text" when="subjct=x"/>'
    report = validate(_good(old, new), LANES)
    assert report.verdict == "refused"
    problem = report.problems[0]
    assert problem.code == "extension" and problem.element_id == "register"
    assert "'subjct'" in problem.message_en and "「subjct」" in problem.message_zh


def test_a_model_with_a_valid_condition_deploys_and_keeps_it():
    old = '<civicflow:field name="subject" type="text" required="true" label_zh="主旨" label_en="Subject"/>'
    new = (old + '<civicflow:field name="urgent" type="boolean"/>'
           '<civicflow:field name="why" type="text" required="true" when="urgent=true"/>')
    assert validate(_good(old, new), LANES).verdict == "deployable"
