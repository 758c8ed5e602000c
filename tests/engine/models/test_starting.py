"""A field's starting value (engine/models/starting.py): `starts_from` names
the case variable a form starts from, so the oral petition's read-back
(Art. 169) starts from the petition as registered and the clerk corrects it
rather than typing it again."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.models import starting
from engine.models.meta import Field, TaskMeta, _field_problems, extract
from engine.models.validation import validate

BPMN = Path(__file__).parents[3] / "bpmn"
RECORD = Field("read_back_text", "textarea", required=True, starts_from="content")
CASE = {"content": "中正路側溝堵塞，下雨就淹水。", "subject": "側溝堵塞"}


def test_the_shipped_read_back_starts_from_the_registered_content():
    root = etree.parse(str(BPMN / "petition.bpmn")).getroot()
    fields = {f.name: f for f in extract(root)["petition"].tasks["read_back"].fields}
    assert fields["read_back_text"].starts_from == "content"
    assert fields["read_back_confirmed"].starts_from is None   # confirmed by a tick, never beforehand


def test_a_field_starts_from_the_variable_it_names():
    assert starting.values([RECORD], {}, CASE) == {"read_back_text": CASE["content"]}


def test_the_fields_own_value_wins_then_the_variable_then_the_default():
    with_default = Field("read_back_text", "textarea", default="（請填寫）", starts_from="content")
    assert starting.values([with_default], {"read_back_text": "已更正的紀錄"}, CASE) == \
        {"read_back_text": "已更正的紀錄"}
    assert starting.values([with_default], {}, CASE) == {"read_back_text": CASE["content"]}
    assert starting.values([with_default], {}, {}) == {"read_back_text": "（請填寫）"}


def test_a_blank_the_case_holds_is_nothing_recorded():
    """A model's script starts its variables as '' (the petition's remedy
    could): the default still shows, as the variable named would."""
    remedy = Field("remedy", "choice", default="none")
    assert starting.values([remedy], {"remedy": ""}, {}) == {"remedy": "none"}
    assert starting.values([RECORD], {"read_back_text": ""}, CASE) == {"read_back_text": CASE["content"]}
    assert starting.values([Field("flag", "boolean", default="true")], {"flag": False}, {}) == {"flag": False}


def test_a_field_without_starts_from_or_a_missing_variable_starts_empty():
    plain = Field("read_back_corrections", "textarea")
    assert starting.values([plain, RECORD], {}, {"subject": "x"}) == {}


def _problems(field: Field) -> list[tuple[str, str]]:
    return [(en, zh) for _, en, zh in _field_problems(TaskMeta("t", fields=[field]))]


def test_starts_from_must_name_a_variable():
    assert _problems(Field("note", "text", starts_from="the content")) == [
        ("field 'note': starts_from is not a variable name: 'the content'",
         "欄位「note」的「起始值取自」所指的「the content」不是變數名稱")]


@pytest.mark.parametrize("kind", ["decision", "confirm"])
def test_a_decision_or_confirmation_never_starts_answered(kind):
    [(en, zh)] = _problems(Field("ok", "boolean", starts_from="approved", **{kind: True}))
    assert "remove starts_from" in en and "請移除「起始值取自」" in zh


def test_a_draft_with_a_bad_starts_from_is_refused_beside_the_field(mini):
    field = '<civicflow:field name="subject" type="text" required="true"'
    report = validate(mini(field, field + ' starts_from="content text"'))
    assert report.verdict == "refused"
    assert any("起始值取自" in p.message_zh for p in report.problems), report.to_dict()
