from pathlib import Path

import pytest

from engine.models import parsing
from engine.models.validation import validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LANES = {"TPD", "PWD", "intake", "officer", "supervisor", "analyst", "admin"}


def _files(*names, **replace):
    files = {name: (FIXTURES / name).read_bytes() for name in names}
    for old, new in replace.items():
        files = {n: d.replace(old.encode(), new.encode()) for n, d in files.items()}
    return files


def _good(old=None, new=None):
    data = (FIXTURES / "good_petition.bpmn").read_text()
    if old is not None:
        assert old in data
        data = data.replace(old, new)
    return {"petition.bpmn": data.encode()}


def _only(report, code):
    assert report.verdict == "refused", report.to_dict()
    assert {p.code for p in report.problems} == {code}, report.to_dict()
    return report.problems[0]


def test_good_model_is_deployable():
    report = validate(_good(), LANES)
    assert report.verdict == "deployable", report.to_dict()
    assert report.processes == ["mini_petition"]
    assert report.to_dict()["problems"] == []


def test_good_model_with_dmn_is_deployable():
    report = validate({**_good(), **_files("routing.dmn")}, LANES)
    assert report.verdict == "deployable", report.to_dict()


def test_parsing_helper_gives_specs():
    spec, subprocess_specs = parsing.load_specs(_good(), "mini_petition")
    assert "register" in spec.task_specs and subprocess_specs == {}


def test_unquoted_iso_duration_is_refused_with_a_hint():
    problem = _only(validate(_good("'P30D'", "P30D"), LANES), "expression")
    assert problem.element_id == "reminder" and problem.line == 28
    assert "'P30D'" in problem.message_en and "引號" in problem.message_zh


def test_sandbox_escape_in_script_is_refused():
    problem = _only(validate(_good("days = 6", "days = ().__class__.__mro__"), LANES), "expression")
    assert problem.element_id == "set_days" and "__class__" in problem.message_en


def test_juel_condition_gets_a_camunda_hint():
    files = _good('<bpmn:sequenceFlow id="f4" sourceRef="reply" targetRef="end_closed"/>',
                  '<bpmn:sequenceFlow id="f4" sourceRef="reply" targetRef="end_closed">'
                  '<bpmn:conditionExpression>${approved}</bpmn:conditionExpression></bpmn:sequenceFlow>')
    problem = _only(validate(files, LANES), "expression")
    assert problem.element_id == "f4" and "Camunda" in problem.message_en


def test_reserved_id_is_refused():
    files = _good('id="end_closed"', 'id="End"')
    files = {n: d.replace(b'targetRef="end_closed"', b'targetRef="End"') for n, d in files.items()}
    problem = _only(validate(files, LANES), "reserved_id")
    assert problem.element_id == "End" and problem.line


def test_unknown_lane_is_refused_only_when_lanes_are_known():
    files = _good('name="TPD"', 'name="Nowhere"')
    problem = _only(validate(files, LANES), "extension")
    assert "Nowhere" in problem.message_en
    assert validate(files).verdict == "deployable"


def test_call_cycle_is_refused_not_hung():
    report = validate(_files("self_call.bpmn"))
    problem = _only(report, "call_cycle")
    assert problem.element_id == "call_b" and "loop_a" in problem.message_en


def test_missing_called_element_is_refused():
    files = _good("<bpmn:script>days = 6 if len(subject) &lt; 100 else 10</bpmn:script></bpmn:scriptTask>",
                  "</bpmn:callActivity>")
    files = {n: d.replace(b'<bpmn:scriptTask id="set_days">',
                          b'<bpmn:callActivity id="set_days" calledElement="elsewhere">')
             for n, d in files.items()}
    report = validate(files, LANES)
    assert report.verdict == "refused"
    assert "missing_called_element" in {p.code for p in report.problems}


def test_non_executable_model_is_a_draft():
    report = validate(_good('isExecutable="true"', 'isExecutable="false"'), LANES)
    assert report.verdict == "draft" and report.processes == []


def test_dmn_feel_entry_is_refused_with_a_hint():
    files = _files("routing.dmn", **{"? in ('road', 'light')": "[1..5]"})
    problem = _only(validate(files), "expression")
    assert problem.element_id == "rule_roads_in" and "FEEL" in problem.message_en


def test_dmn_alone_is_deployable():
    assert validate(_files("routing.dmn")).verdict == "deployable"


@pytest.mark.parametrize("data,code", [
    (b"<a><b></a>", "xml"),
    (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>', "xml"),
    (b"<notes/>", "not_a_model"),
    (b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:bogus/>'
     b"</bpmn:definitions>", "schema"),
])
def test_unreadable_files_are_refused(data, code):
    problem = _only(validate({"x.bpmn": data}), code)
    assert problem.file == "x.bpmn" and problem.message_zh


def test_spiffworkflow_structure_error_names_the_element():
    files = _good('<bpmn:outgoing>f2</bpmn:outgoing>\n    </bpmn:userTask>',
                  '<bpmn:outgoing>f2</bpmn:outgoing><bpmn:outgoing>f5b</bpmn:outgoing>\n    </bpmn:userTask>')
    files = {n: d.replace(b'<bpmn:sequenceFlow id="f1"',
                          b'<bpmn:sequenceFlow id="f5b" sourceRef="register" targetRef="end_closed"/>'
                          b'<bpmn:sequenceFlow id="f1"') for n, d in files.items()}
    report = validate(files, LANES)
    assert report.verdict == "refused"
    assert report.problems[0].element_id == "register", report.to_dict()


def test_a_tasks_item_must_name_a_variable():
    task = '<civicflow:task role="intake" due="working_days(1)"/>'
    good = _good(task, task.replace("/>", ' item="finding.office"/>'))
    assert validate(good).verdict == "deployable"
    bad = _good(task, task.replace("/>", ' item="office name"/>'))
    problem = _only(validate(bad), "extension")
    assert "office name" in problem.message_en and "不是變數名稱" in problem.message_zh


def test_keep_with_must_name_a_task_of_the_process():
    task = '<civicflow:task role="intake" due="working_days(1)"/>'
    good = _good(task, task.replace("/>", ' keep_with="register"/>'))
    assert validate(good).verdict == "deployable"
    bad = _good(task, task.replace("/>", ' keep_with="registr"/>'))
    problem = _only(validate(bad), "extension")
    assert problem.element_id == "register"
    assert "keep_with names no task of the process: 'registr'" in problem.message_en
    assert "「交還給完成此任務者」所指的「registr」不是本流程的任務" in problem.message_zh
    both = _good(task, task.replace("/>", ' keep_with="reply" not_by="reply"/>'))
    problem = _only(validate(both), "extension")
    assert "same task" in problem.message_en and "不可指向同一任務" in problem.message_zh
