"""Confirmation boxes: a boolean declared confirm="true" is an attestation
(陳情人確認無誤, 已核發憑證並完成連線測試) the person must tick to complete the
step. Unticked (False) or absent it is refused with code not_confirmed, while
its `when` holds; a plain required boolean still takes False as an answer."""
from pathlib import Path

import pytest
from lxml import etree

from engine.data.errors import InvalidData
from engine.models import forms
from engine.models.meta import Field, ProcessMeta, TaskMeta, _field_problems, extract

BPMN = Path(__file__).parents[3] / "bpmn"
TEXT = Field("read_back_text", "textarea", required=True)
CONFIRMED = Field("read_back_confirmed", "boolean", required=True, confirm=True,
                  label_zh="陳情人確認無誤")


def _refused(fields, data) -> dict:
    with pytest.raises(InvalidData) as err:
        forms.validate(fields, data, set())
    return err.value.errors


@pytest.mark.parametrize("data", [{}, {"read_back_confirmed": False},
                                  {"read_back_confirmed": "false"}, {"read_back_confirmed": None}])
def test_an_unticked_or_absent_confirmation_is_refused(data):
    error = _refused([TEXT, CONFIRMED], {"read_back_text": "紀錄", **data})["read_back_confirmed"]
    assert (error.code, error) == ("not_confirmed", "tick it to confirm")


@pytest.mark.parametrize("ticked", [True, "true", "on"])
def test_a_ticked_confirmation_is_accepted(ticked):
    clean = forms.validate([TEXT, CONFIRMED], {"read_back_text": "紀錄",
                                               "read_back_confirmed": ticked}, set())
    assert clean == {"read_back_text": "紀錄", "read_back_confirmed": True}


def test_a_confirmation_need_not_be_required_to_bite():
    box = Field("tested", "boolean", confirm=True)
    assert _refused([box], {"tested": False})["tested"].code == "not_confirmed"


def test_a_confirmation_whose_condition_does_not_hold_is_not_asked():
    setup = [Field("approved", "boolean", required=True, decision=True),
             Field("certificate_issued", "boolean", confirm=True, when="approved=true")]
    assert forms.validate(setup, {"approved": False, "certificate_issued": False}, set()) \
        == {"approved": False}
    assert _refused(setup, {"approved": True})["certificate_issued"].code == "not_confirmed"


def test_a_plain_required_boolean_still_takes_no_for_an_answer():
    attended = Field("business_attended", "boolean", required=True)
    assert forms.validate([attended], {"business_attended": False}, set()) \
        == {"business_attended": False}


def _problems(field: Field) -> list[tuple[str, str]]:
    return [(en, zh) for _, en, zh in _field_problems(TaskMeta("t", fields=[field]))]


def test_confirm_is_for_a_boolean_only():
    assert _problems(Field("note", "text", confirm=True)) == [
        ("confirm field 'note' must be of type boolean", "確認欄位「note」的類型須為「是／否」")]


def test_confirm_and_decision_do_not_go_together():
    assert _problems(Field("ok", "boolean", confirm=True, decision=True)) == [
        ("field 'ok' cannot be both a decision and a confirmation: a decision takes either "
         "answer, a confirmation only a tick",
         "欄位「ok」不可同時勾選「決定：須選擇是或否」與「須勾選確認」：決定可選任一答案，確認只能勾選")]


def test_a_confirmation_is_no_problem():
    assert _problems(CONFIRMED) == []


def _field(model: str, element: str, name: str) -> Field:
    root = etree.parse(str(BPMN / model)).getroot()
    (meta,) = [m for m in extract(root).values() if element in m.tasks]
    return next(f for f in meta.tasks[element].fields if f.name == name)


@pytest.mark.parametrize("model,element,name", [
    ("petition.bpmn", "read_back", "read_back_confirmed"),
    ("document_exchange_signup.bpmn", "setup_account", "certificate_issued")])
def test_the_shipped_attestations_are_confirmations(model, element, name):
    assert _field(model, element, name).confirm is True


def test_other_required_booleans_stay_answers():
    assert _field("consumer_complaint.bpmn", "mediation_session", "business_attended").confirm is False


def test_a_meta_stored_before_confirm_existed_still_loads():
    stored = ProcessMeta("p", tasks={"t": TaskMeta("t", fields=[CONFIRMED])}).to_dict()
    assert stored["tasks"]["t"]["fields"][0]["confirm"] is True
    del stored["tasks"]["t"]["fields"][0]["confirm"]
    assert ProcessMeta.from_dict(stored).tasks["t"].fields[0].confirm is False
