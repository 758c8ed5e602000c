"""A field's test-run sample (`example`, engine/models/examples.py): read from
the model, refused by validation where it does not fit its field (said by the
panel's words, 試跑範例值), and what the test-run answers (sample.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from engine.authoring.sample import sample_value
from engine.models import examples
from engine.models.meta import Field, extract
from engine.models.validation import validate

BPMN = Path(__file__).parents[3] / "bpmn"
DAY = "2026-03-02"
FIELD = '<civicflow:field name="subject" type="text" required="true"'
CHOICES = [["yes", "是", "Yes"], ["no", "否", "No"]]


def _fields(name: str, task: str) -> dict:
    root = etree.fromstring((BPMN / name).read_bytes())
    [meta] = extract(root).values()
    return {f.name: f for f in meta.tasks[task].fields}


def test_the_shipped_models_give_the_samples_their_runs_need():
    assert _fields("consumer_inspection.bpmn", "record_shop")["more_shops"].example == "false"
    trip = _fields("vehicle_dispatch.bpmn", "request_trip")
    assert trip["trip_end"].example == "today+1 12:00"
    assert _fields("vehicle_dispatch.bpmn", "assign_trip")["car_id"].example == "RBK-2101"
    assert _fields("venue_booking.bpmn", "request_venue")["room_id"].example == "SW-R1"
    assert _fields("petition.bpmn", "register")["subject"].example is None


@pytest.mark.parametrize("field, value", [
    (Field("d", "date", example="today"), "2026-03-02"),
    (Field("d", "date", example="today+3"), "2026-03-05"),
    (Field("d", "date", example="today-2"), "2026-02-28"),
    (Field("d", "date", example="2026-05-01"), "2026-05-01"),
    (Field("t", "datetime", example="today+1 12:30"), "2026-03-03T12:30:00+08:00"),
    (Field("t", "datetime", example="today"), "2026-03-02T09:00:00+08:00"),
    (Field("b", "boolean", example="false"), False),
    (Field("b", "boolean", example="TRUE"), True),
    (Field("n", "integer", min=1, max=40, example="12"), 12),
    (Field("x", "decimal", example="2.5"), 2.5),
    (Field("c", "choice", choices=CHOICES, example="no"), "no"),
    (Field("m", "multichoice", choices=CHOICES, example="yes no"), ["yes", "no"]),
    (Field("a", "agencies", example="DOA PWB"), ["DOA", "PWB"]),
    (Field("car", "choice", resource="car", example="RBK-2101"), "RBK-2101"),
    (Field("s", "text", maxlength=10, example="中正路一段"), "中正路一段"),
    (Field("y", "integer", min=100, max=200, example="roc_year"), 115),
    (Field("y", "integer", min=100, max=200, example="roc_year-1"), 114),
])
def test_an_example_is_the_value_the_form_would_take(field, value):
    assert examples.value(field, DAY) == value
    assert sample_value(field, DAY, None) == value


def test_the_example_wins_over_the_default_and_the_first_choice():
    field = Field("c", "choice", choices=CHOICES, default="yes", example="no")
    assert sample_value(field, DAY, None) == "no"
    assert sample_value(Field("more", "boolean", required=True, decision=True), DAY, None) is True


def test_a_wrong_example_in_a_draft_falls_back_to_the_general_sample():
    """The page still offers the draft's fields; the run's validation says what is wrong."""
    assert sample_value(Field("n", "integer", min=1, example="many"), DAY, None) == 1


@pytest.mark.parametrize("field, words", [
    (Field("b", "boolean", example="yes"), "須為 true（是）或 false（否）"),
    (Field("ok", "boolean", confirm=True, example="false"), "是須勾選確認的欄位，不可為 false"),
    (Field("n", "integer", min=1, max=40, example="41"), "超出最小值或最大值"),
    (Field("n", "integer", example="1.5"), "須為整數"),
    (Field("c", "choice", choices=CHOICES, example="maybe"), "不是此欄位的選項：「maybe」"),
    (Field("m", "multichoice", choices=CHOICES, example="yes perhaps"), "不是此欄位的選項：「perhaps」"),
    (Field("d", "date", example="tomorrow"), "不是日期：請寫 today、today+N、today-N 或 YYYY-MM-DD"),
    (Field("d", "date", example="today 09:00"), "不是日期"),
    (Field("t", "datetime", example="today+1 25:00"), "不是存在的日期或時間"),
    (Field("d", "date", example="2026-02-30"), "不是存在的日期或時間"),
    (Field("s", "text", maxlength=2, example="中正路"), "超過最大長度 2 字"),
])
def test_an_example_that_does_not_fit_is_a_problem(field, words):
    [(en, zh)] = list(examples.problems(field))
    assert f"example '{field.example}'" in en
    assert zh.startswith(f"欄位「{field.name}」的「試跑範例值」「{field.example}」") and words in zh, zh


def test_a_draft_with_a_wrong_example_is_refused_beside_the_field(mini):
    report = validate(mini(FIELD, FIELD + ' maxlength="4" example="一段很長的主旨文字"'))
    assert report.verdict == "refused"
    assert any("試跑範例值" in p.message_zh and p.element_id == "register"
               for p in report.problems), report.to_dict()


def test_a_draft_with_a_fitting_example_passes(mini):
    report = validate(mini(FIELD, FIELD + ' example="路燈不亮"'))
    assert report.verdict != "refused", report.to_dict()


def test_the_records_audit_year_is_the_roc_year_received_not_its_minimum():
    """考評年度 was 100 (its min): a year of the Republic 15 years before the run."""
    year = _fields("records_audit.bpmn", "plan_audit")["audit_year"]
    assert sample_value(year, DAY, None) == 115
    assert sample_value(year, "2027-01-05", None) == 116
    assert not list(examples.problems(year))


def test_a_year_of_the_republic_without_an_example_is_the_year_received():
    """The records audit as deployed before its example: 考評年度（民國）, min 100."""
    year = Field("audit_year", "integer", min=100, max=200, label_zh="考評年度（民國）")
    assert sample_value(year, DAY, None) == 115
    assert sample_value(Field("n", "integer", min=100, max=200, label_zh="份數"), DAY, None) == 100
    assert sample_value(Field("y", "integer", min=120, label_zh="年度"), DAY, None) == 120   # out of bounds
