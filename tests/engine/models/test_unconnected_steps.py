"""A step no sequence flow leads into never runs (SpiffWorkflow leaves it out
without a word), and one no flow leads out of leaves the case open forever:
both are refused at deploy, naming the step in zh-TW and English."""
from __future__ import annotations

import pytest

from engine.authoring import drafts
from engine.models.validation import validate

END = "</bpmn:process>"
TWO_LOOSE_TASKS = ('<bpmn:userTask id="Activity_0x1ab2c" name="測試任務"/>'
                   '<bpmn:task id="Activity_1q2w3e4"/>' + END)


def _problems(report):
    return sorted((p.element_id, p.code) for p in report.problems)


def test_the_testers_two_loose_tasks_are_refused_by_name(petition):
    report = validate(petition(END, TWO_LOOSE_TASKS))
    assert report.verdict == "refused"
    assert _problems(report) == [("Activity_0x1ab2c", "no_incoming"), ("Activity_1q2w3e4", "no_incoming")]
    named, unnamed = sorted(report.problems, key=lambda p: p.element_id)
    assert named.message_zh == "「測試任務」沒有連入的循序流，永遠不會執行。"
    assert named.message_en == "the user task '測試任務' has no incoming sequence flow: it never runs"
    assert unnamed.message_zh == "此工作沒有連入的循序流，永遠不會執行。"
    assert unnamed.message_en == "this task has no incoming sequence flow: it never runs"
    assert named.line and unnamed.line


def test_the_editor_pins_them_to_their_elements(petition):
    problems = drafts.check(petition(END, TWO_LOOSE_TASKS), None, "petition")
    said = {p["element_id"]: (p["element_name"], p["element_type"], p["severity"]) for p in problems}
    assert said == {"Activity_0x1ab2c": ("測試任務", "userTask", "error"),
                    "Activity_1q2w3e4": ("", "task", "error")}


def test_a_bilingual_name_is_said_in_each_language(petition):
    report = validate(petition(END, '<bpmn:manualTask id="t" name="現場勘查 Site visit"/>' + END))
    [problem] = report.problems
    assert problem.message_zh.startswith("「現場勘查」沒有連入的循序流")
    assert problem.message_en.startswith("the manual task 'Site visit' has no incoming")


def test_a_step_inside_a_subprocess_is_checked_too(petition):
    inside = '<bpmn:endEvent id="handle_overdue_done">'   # in the sub-process "handling"
    files = petition(inside, '<bpmn:scriptTask id="loose" name="通知 Notify"/>' + inside)
    assert _problems(validate(files)) == [("loose", "no_incoming")]


def test_a_step_with_no_way_out_on_the_main_path_is_refused(mini):
    report = validate(mini('<bpmn:sequenceFlow id="f4" sourceRef="reply" targetRef="end_closed"/>', "",
                           '<bpmn:endEvent id="end_closed"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>', ""))
    [problem] = report.problems
    assert (problem.element_id, problem.code) == ("reply", "no_outgoing")
    assert problem.message_zh == "「Reply」沒有連出的循序流，流程走到這裡就中斷，不會到達結束事件。"
    assert "has no outgoing sequence flow" in problem.message_en


def test_an_interrupting_timer_with_no_way_out_is_refused(mini):
    report = validate(mini('cancelActivity="false"', 'cancelActivity="true"',
                           "<bpmn:outgoing>f5</bpmn:outgoing>", "",
                           '<bpmn:sequenceFlow id="f5" sourceRef="reminder" targetRef="end_reminded"/>', "",
                           '<bpmn:endEvent id="end_reminded"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>', ""))
    [problem] = report.problems
    assert (problem.element_id, problem.code) == ("reminder", "no_outgoing")
    assert problem.message_zh.startswith("此邊界事件沒有連出的循序流")


def test_a_reminder_path_beside_the_task_may_end_without_an_end_event(mini):
    """A non-interrupting timer's own path runs beside the task: the main
    path still reaches its end event, so SpiffWorkflow completes the case."""
    files = mini('<bpmn:endEvent id="end_reminded"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>',
                 '<bpmn:manualTask id="end_reminded" name="Call"><bpmn:incoming>f5</bpmn:incoming></bpmn:manualTask>')
    assert validate(files).verdict == "deployable"
    bare = mini("<bpmn:outgoing>f5</bpmn:outgoing>", "",
                '<bpmn:sequenceFlow id="f5" sourceRef="reminder" targetRef="end_reminded"/>', "",
                '<bpmn:endEvent id="end_reminded"><bpmn:incoming>f5</bpmn:incoming></bpmn:endEvent>', "")
    assert validate(bare).verdict == "deployable"


def test_an_event_subprocess_needs_no_flows(mini):
    event_sub = ('<bpmn:subProcess id="on_cancel" triggeredByEvent="true">'
                 '<bpmn:startEvent id="cancel_start"><bpmn:outgoing>c1</bpmn:outgoing>'
                 '<bpmn:messageEventDefinition id="m1"/></bpmn:startEvent>'
                 '<bpmn:endEvent id="cancel_end"><bpmn:incoming>c1</bpmn:incoming></bpmn:endEvent>'
                 '<bpmn:sequenceFlow id="c1" sourceRef="cancel_start" targetRef="cancel_end"/></bpmn:subProcess>')
    report = validate(mini(END, event_sub + END))
    assert not [p for p in report.problems if p.code in ("no_incoming", "no_outgoing")], report.to_dict()


def test_no_shipped_model_has_a_loose_step(shipped_models):
    for name, files in shipped_models.items():
        report = validate(files)
        assert report.verdict == "deployable" and not report.problems, (name, report.to_dict())


HANDLE = '<bpmn:userTask id="handle" name="辦理並擬復 Handle and draft the reply">'


def test_a_persons_step_without_a_name_is_refused_by_its_kind(petition):
    """An officer's inbox could only say 未命名步驟 for it: deployment refuses it."""
    report = validate(petition(HANDLE, '<bpmn:userTask id="handle">'))
    assert report.verdict == "refused"
    [problem] = report.problems
    assert (problem.element_id, problem.code) == ("handle", "unnamed") and problem.line
    assert problem.message_zh.startswith("此使用者任務沒有名稱：承辦人的待辦工作與案件頁只能顯示「未命名步驟」。")
    assert problem.message_en.startswith("this user task has no name: the people who do it would read "
                                         "'Unnamed step'")


def test_a_blank_name_is_no_name_and_a_manual_task_is_a_persons_step_too(petition):
    report = validate(petition(HANDLE, '<bpmn:manualTask id="handle" name="  ">',
                               "</bpmn:userTask><bpmn:boundaryEvent id=\"handle_reminder_timer\"",
                               "</bpmn:manualTask><bpmn:boundaryEvent id=\"handle_reminder_timer\""))
    assert [(p.element_id, p.code) for p in report.problems] == [("handle", "unnamed")]
    assert report.problems[0].message_zh.startswith("此人工任務沒有名稱")


def test_a_name_declared_in_the_civicflow_task_is_a_name(petition):
    declared = '<bpmn:userTask id="handle"><bpmn:extensionElements><civicflow:task name_zh="辦理並擬復" '
    report = validate(petition(HANDLE + '<bpmn:extensionElements><civicflow:task ', declared))
    assert report.verdict == "deployable", report.problems
