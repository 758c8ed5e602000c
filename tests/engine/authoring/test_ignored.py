"""What civicflow ignores in a model drawn for Camunda (or another engine):
listed per element with a reason; what engine.models.camunda reads is not."""
from __future__ import annotations

from pathlib import Path

from engine.authoring import drafts, ignored

ROOT = Path(__file__).resolve().parents[3]
NOISE = (Path(__file__).resolve().parents[1] / "fixtures" / "models" / "camunda_noise.bpmn").read_bytes()


def reasons(files) -> dict:
    return {(x["element_id"], x["attribute"]): x["reason"] for x in ignored.ignored(files)}


def test_camunda_attributes_civicflow_does_not_run_are_listed_by_element():
    found = ignored.ignored({"noise.bpmn": NOISE})
    first = found[0]
    assert first == {"file": "noise.bpmn", "element_id": "noise_report", "element_name": "噪音通報",
                     "element_type": "process", "attribute": "camunda:historyTimeToLive",
                     "value": "180", "reason": "engine_setting"}
    assert reasons({"noise.bpmn": NOISE}) == {
        ("noise_report", "camunda:historyTimeToLive"): "engine_setting",
        ("check_noise", "camunda:formKey"): "form_key",
        ("check_noise", "camunda:assignee"): "users",        # a user name, not a role
        ("check_noise", "camunda:dueDate"): "juel",
        ("check_noise", "camunda:asyncBefore"): "async",
        ("check_noise", "camunda:taskListener"): "listener",  # listed once, not its attributes
    }


def test_what_the_civicflow_extension_overrides_is_listed_as_such():
    cf = (b'<bpmn:extensionElements><civicflow:task role="officer" due="working_days(3)"/>'
          b'<civicflow:form><civicflow:field name="result" type="text"/></civicflow:form>')
    text = NOISE.replace(b"<bpmn:extensionElements>", cf, 1).replace(
        b'xmlns:camunda=', b'xmlns:civicflow="urn:civicflow:bpmn:1" xmlns:camunda=', 1)
    found = reasons({"noise.bpmn": text})
    assert found[("check_noise", "camunda:candidateGroups")] == "overridden"
    assert found[("check_noise", "camunda:formData")] == "overridden"
    assert found[("check_noise", "camunda:dueDate")] == "juel"


def test_other_engines_are_named_and_the_shipped_library_has_nothing_ignored():
    zeebe = NOISE.replace(b'camunda:asyncBefore="true"', b'zeebe:retries="3"').replace(
        b'xmlns:camunda=', b'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda=', 1)
    assert reasons({"noise.bpmn": zeebe})[("check_noise", "zeebe:retries")] == "other_engine"
    library = {p.name: p.read_bytes() for p in (ROOT / "bpmn").iterdir() if p.suffix in (".bpmn", ".dmn")}
    assert ignored.ignored(library) == []
    assert ignored.ignored({"bad.bpmn": b"<not xml"}) == []


def test_review_gives_verdict_problems_and_ignored_at_once():
    review = drafts.review({"noise.bpmn": NOISE}, None, "noise_report")
    assert review["verdict"] == "deployable" and review["problems"] == []
    assert len(review["ignored"]) == 6
    assert [x["attribute"] for x in review["read"]] == ["camunda:candidateGroups", "camunda:formData"]
    broken = NOISE.replace(b'isExecutable="true"', b'isExecutable="false"')
    assert drafts.review({"noise.bpmn": broken}, None)["verdict"] == "draft"
    renamed = drafts.review({"noise.bpmn": NOISE}, None, "petition")
    assert renamed["verdict"] == "refused" and renamed["problems"][0]["code"] == "key_changed"


def test_the_file_of_a_process_and_a_partial_save():
    files = {"a.bpmn": NOISE.decode(), "noise.bpmn": NOISE.decode().replace("noise_report", "other")}
    assert drafts.file_of(files, "other") == "noise.bpmn"
    assert drafts.file_of(files, "noise_report") == "a.bpmn"
    assert drafts.file_of(files, "missing") is None
    merged = drafts.merged(files, {"a.bpmn": b"<new/>"})
    assert merged == {"a.bpmn": b"<new/>", "noise.bpmn": files["noise.bpmn"].encode()}
