"""Decision fields: a required yes/no declared decision="true" has no default
answer, so an unanswered one is refused (code no_decision, naming its words)
while both answers, True and False, are accepted."""
from pathlib import Path

import pytest
from lxml import etree

from engine.data.errors import InvalidData
from engine.models import forms
from engine.models.meta import Field, TaskMeta, _field_problems, extract

APPROVED = Field("extension_approved", "boolean", required=True, decision=True,
                 label_zh="是否核准展期", yes_zh="核准", no_zh="不核准",
                 yes_en="Approve", no_en="Refuse")
DAYS = Field("extension_days", "integer", required=True, when="extension_approved=true")


def test_an_unanswered_decision_is_refused_naming_both_answers():
    with pytest.raises(InvalidData) as err:
        forms.validate([APPROVED, DAYS], {}, set())
    error = err.value.errors["extension_approved"]
    assert error.code == "no_decision" and error == "choose 'Approve' or 'Refuse'"
    assert error.params == {"yes_zh": "核准", "no_zh": "不核准",
                            "yes_en": "Approve", "no_en": "Refuse"}
    assert "extension_days" not in err.value.errors   # its condition does not hold yet


@pytest.mark.parametrize("answer,expected", [(True, True), (False, False),
                                             ("true", True), ("false", False)])
def test_both_answers_are_accepted(answer, expected):
    data = {"extension_approved": answer, "extension_days": 5}
    clean = forms.validate([APPROVED, DAYS], data, set())
    assert clean["extension_approved"] is expected
    assert ("extension_days" in clean) is expected   # refused: the days are not kept


def test_a_plain_optional_checkbox_still_needs_no_answer():
    assert forms.validate([Field("flag", "boolean")], {}, set()) == {}


def test_undeclared_words_are_yes_and_no():
    bare = Field("ok", "boolean", required=True, decision=True)
    assert (bare.answer_word(True, "zh_TW"), bare.answer_word(False, "en")) == ("是", "No")
    with pytest.raises(InvalidData) as err:
        forms.validate([bare], {}, set())
    assert err.value.errors["ok"].params["no_zh"] == "否"


def test_a_decision_must_be_a_boolean():
    task = TaskMeta("t", fields=[Field("action", "text", decision=True)])
    assert any("must be of type boolean" in en for _, en, _zh in _field_problems(task))


def test_the_petition_model_declares_the_extension_a_decision():
    root = etree.parse(str(Path(__file__).parents[3] / "bpmn" / "petition.bpmn")).getroot()
    (meta,) = [m for m in extract(root).values() if "approve_extension" in m.tasks]
    field = meta.tasks["approve_extension"].fields[0]
    assert field.decision and (field.yes_zh, field.no_zh) == ("核准", "不核准")
    assert field.answer_word(False, "en") == "Refuse"
