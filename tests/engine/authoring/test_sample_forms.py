"""The forms a test-run asks sample data for (engine/authoring/sample_forms.py):
the start form the model declares (`<civicflow:start task>`, else the task
right after the start event), then every other user task with all its
fields, those the start form gives too marked as kept (left empty, the step
keeps the start data's value), and the JSON's samples without them."""
from __future__ import annotations

from pathlib import Path

from engine.authoring import sample_forms
from engine.authoring.sample import prefill

BPMN = Path(__file__).resolve().parents[3] / "bpmn"


def _files(*names: str) -> dict:
    return {n: (BPMN / n).read_text(encoding="utf-8") for n in names}


def test_the_declared_start_form_gives_the_start_data_not_the_script_before_it():
    model = sample_forms.read(_files("temp_staff_review.bpmn"), "temp_staff_review")
    assert [f.name for f in model.start][:3] == ["requesting_agency", "position_title", "duties"]
    steps = {t.element_id: [f.name for f in t.fields] for t in model.tasks}
    assert "submit_request" not in steps                   # the start form itself
    # staff_kind, headcount: asked again by the decision, so the analyst can set what it submits
    assert steps["record_decision"] == ["decision", "staff_kind", "headcount", "decision_reason"]
    decision = next(t for t in model.tasks if t.element_id == "record_decision")
    assert decision.kept == {"staff_kind", "headcount"}
    assert [f.name for f in decision.own] == ["decision", "decision_reason"]
    assert model.title({"position_title": "清潔人員"}) == "臨時人員進用：清潔人員"


def test_without_a_declaration_the_task_after_the_start_event_is_the_start_form():
    model = sample_forms.read(_files("petition.bpmn"), "petition")
    assert "channel" in [f.name for f in model.start]
    assert "register" not in [t.element_id for t in model.tasks]
    assert model.tasks[0].task.named("zh-TW") == "作成紀錄並向陳情人宣讀"
    assert model.title({}) == sample_forms.TITLE


def test_the_json_offered_holds_the_same_start_data_and_steps():
    start, tasks = prefill(_files("temp_staff_review.bpmn"), "temp_staff_review", "2026-03-02")
    assert start["title"].startswith("臨時人員進用：") and "position_title" in start
    assert set(tasks) == {"check_request", "convene_panel", "record_decision"}
    assert "staff_kind" not in tasks["record_decision"]   # the run keeps the start data's value


def test_a_step_asking_a_start_field_again_shows_it_as_kept():
    """The repair's triage asks the trade again: it was hidden from the step."""
    model = sample_forms.read(_files("facility_repair.bpmn"), "facility_repair")
    triage = next(t for t in model.tasks if t.element_id == "triage")
    assert "trade" in [f.name for f in triage.fields] and triage.kept == {"trade"}
    assert "trade" not in [f.name for f in triage.own]
