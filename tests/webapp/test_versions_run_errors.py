"""A test-run that stops on the model's own fault tells a zh-TW analyst why
in Chinese (engine/authoring/run_words.py): a script error, a gateway no
path of which holds, a bad expression, a decision-table row that cannot be
checked; the expression is kept as written, SpiffWorkflow's and Python's
English sentences are not shown."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.authoring import drafts
from engine.time.clock import TAIPEI

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core"
  xmlns:civicflow="urn:civicflow:bpmn:1" id="defs_faulty" targetNamespace="urn:test">
<bpmn:process id="faulty" isExecutable="true">
  <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="step"/>
  {body}
</bpmn:process></bpmn:definitions>"""
ONE_STEP = """{step}
  <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="e"/>"""
SCRIPT = ONE_STEP.format(step='<bpmn:scriptTask id="step" name="計算天數 Count days"><bpmn:incoming>f1</bpmn:incoming>'
                              '<bpmn:outgoing>f2</bpmn:outgoing><bpmn:script>days = no_such + 1</bpmn:script>'
                              '</bpmn:scriptTask>')
DUE = ONE_STEP.format(step='<bpmn:userTask id="step" name="辦理 Handle"><bpmn:extensionElements>'
                           '<civicflow:task agency="\'DOA\'" role="officer" due="working_days(dayz)"/>'
                           '</bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>'
                           '</bpmn:userTask>')
GATEWAY = """<bpmn:exclusiveGateway id="step" name="是否受理 Accept?"><bpmn:incoming>f1</bpmn:incoming>
    <bpmn:outgoing>fa</bpmn:outgoing><bpmn:outgoing>fb</bpmn:outgoing></bpmn:exclusiveGateway>
  <bpmn:endEvent id="ea"><bpmn:incoming>fa</bpmn:incoming></bpmn:endEvent>
  <bpmn:endEvent id="eb"><bpmn:incoming>fb</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="fa" sourceRef="step" targetRef="ea"><bpmn:conditionExpression>kind == 'a'</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="fb" sourceRef="step" targetRef="eb"><bpmn:conditionExpression>kind == 'b'</bpmn:conditionExpression></bpmn:sequenceFlow>"""
RULE_TASK = ONE_STEP.format(step='<bpmn:businessRuleTask id="step" name="分案 Route"><bpmn:extensionElements>'
                                 '<spiffworkflow:calledDecisionId>routing</spiffworkflow:calledDecisionId>'
                                 '</bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>'
                                 '</bpmn:businessRuleTask>')
DMN = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="D" namespace="urn:t">
 <decision id="routing" name="分案表 Routing"><decisionTable id="dt">
  <input id="in1" label="類別"><inputExpression id="ie1" typeRef="string"><text>kinds</text></inputExpression></input>
  <output id="out1" name="agency_out" typeRef="string"/>
  <rule id="r1"><inputEntry id="ie_r1"><text>"road"</text></inputEntry><outputEntry id="oe_r1"><text>"PWB"</text></outputEntry></rule>
 </decisionTable></decision></definitions>"""
# SpiffWorkflow's and Python's sentences, which a zh-TW page must not show.
ENGLISH = re.compile(r"Error evaluating|is not defined|No conditions satisfied|Did you mean|NameError|Rule failed|"
                     r"Technical detail|技術細節")


def run_page(db, client_for, files: dict[str, str], locale="zh", start='{"kind": "c", "day": 3}',
             tasks="{}") -> str:
    with db.begin() as conn:
        drafts.save(conn, "faulty", {n: x.encode() for n, x in files.items()}, "analyst",
                    datetime(2026, 3, 2, 9, tzinfo=TAIPEI))
    c = client_for("analyst")
    if locale == "en":
        c.post("/lang/en", data={"next": "/"})
    resp = c.post("/models/faulty/test-run", data={
        "source": "draft", "received_at": "115/03/02 09:00", "start_data": start, "task_data": tasks,
        "use_json": "1"})
    html = resp.get_data(as_text=True)
    assert 'class="run-status error"' in html, html
    return re.search(r'id="run-error">(.*?)</div>', html, re.S).group(1)


def words(error: str) -> str:
    return re.search(r'id="run-error-words">(.*?)</p>', error, re.S).group(1)


@pytest.mark.parametrize("body, said, code", [
    (SCRIPT, "腳本執行失敗：名稱「no_such」未定義（沒有這個變數或函式）（第1行）", "days = no_such + 1"),
    (DUE, "運算式無法計算：名稱「dayz」未定義（沒有這個變數或函式）。案件資料中相近的名稱：「day」", "working_days(dayz)"),
    (GATEWAY, "閘道所有連出路徑的條件都不成立，也沒有預設路徑，流程無法往下走。", None),
])
def test_a_faulty_step_is_told_in_chinese(db, client_for, body, said, code):
    error = run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=body)})
    assert said in words(error), error
    assert not ENGLISH.search(error), error
    found = re.search(r'<code id="run-error-code">(.*?)</code>', error)
    assert (found and found.group(1)) == code, error


def test_a_failing_script_shows_its_failing_line_as_code(db, client_for):
    script = SCRIPT.replace("days = no_such + 1", "days = 1\nlabel = '第' + days")
    error = run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=script)})
    assert re.search(r"<p>腳本第 2 行：<code id=\"run-error-code\">label = &#39;第&#39; \+ days</code></p>", error), error
    assert words(error).endswith("（第2行）") and not ENGLISH.search(error), error


def test_a_decision_row_that_cannot_be_checked_names_its_row(db, client_for):
    error = run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=RULE_TASK), "routing.dmn": DMN})
    assert words(error).startswith("決策表第 1 列的規則無法判斷：名稱「kinds」未定義"), error
    assert "案件資料中相近的名稱：「kind」" in words(error) and not ENGLISH.search(error), error


def test_english_keeps_the_engines_text(db, client_for):
    error = run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=SCRIPT)}, locale="en")
    assert "Technical detail" in error and "is not defined" in error
    assert 'id="run-error-words"' not in error


def test_unreadable_sample_json_is_told_where_and_what_in_chinese(db, client_for):
    run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=SCRIPT)})   # the draft to run
    resp = client_for("analyst").post("/models/faulty/test-run", data={
        "source": "draft", "received_at": "115/03/02 09:00", "start_data": '{"kind": }', "task_data": "{}",
        "use_json": "1"})
    said = re.search(r'id="run-error-input">(.*?)</p>', resp.get_data(as_text=True), re.S).group(1)
    assert resp.status_code == 400 and said.endswith("不是有效的 JSON：第 1 行第 10 字：缺少一個值"), said
    assert "Expecting" not in said and "char" not in said, said


NEEDS_A_PERSON = ONE_STEP.format(step='<bpmn:userTask id="step" name="辦理 Handle"><bpmn:extensionElements>'
                                      '<civicflow:task agency="\'DOA\'" role="officer" due="working_days(3)"/>'
                                      '</bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming>'
                                      '<bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>')


@pytest.mark.parametrize("start, tasks, said", [
    ('{"1st": 1}', "{}", "不能作為名稱：只能使用英文字母、數字與底線，且不可以數字或底線開頭。"),
    ('{"a": {"typename": "x"}}', "{}", "「typename」是流程引擎保留的名稱，請改用其他名稱。"),
    ('{"a": [[[[[[[[[1]]]]]]]]]}', "{}", "範例起始資料：巢狀超過 8 層。"),
    ('{"_petitioner": "王小明"}', "{}", "須為 JSON 物件，以 { } 括住。"),
    ('{"_petitioner": {"nmae": "王小明"}}', "{}",
     "不認得的項目：nmae。可用的項目：name, phone, email, address。"),
    ("{}", '{"step": {"_wait_days": "soon"}}', "請輸入數字。"),
])
def test_sample_data_the_engine_refuses_is_told_in_chinese(db, client_for, start, tasks, said):
    error = run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=NEEDS_A_PERSON)}, start=start, tasks=tasks)
    items = [re.sub(r"<[^>]+>", "", li) for li in re.findall(r"<li>(.*?)</li>", error, re.S)]
    assert any(re.sub(r"\s+", " ", i).strip().endswith(said) for i in items), error
    assert not re.search(r"not a valid name|reserved|deeper than|not an object|unknown keys|not a number|"
                         r"could not convert|Technical detail", error), error


@pytest.mark.parametrize("locale, said", [
    ("zh", "「_wait_days」只能寫在任務的範例資料中（完成該任務前先經過的天數），不能寫在範例起始資料。"),
    ("en", "“_wait_days” belongs only in a task's sample data (the days to let pass before that task is "
           "done), not in the sample start data."),
])
def test_wait_days_in_the_start_data_is_told_where_it_belongs(db, client_for, locale, said):
    """The start has no task to wait before: the page says where the key goes,
    not that it is no usable name."""
    error = run_page(db, client_for, {"faulty.bpmn": HEAD.format(body=NEEDS_A_PERSON)}, locale=locale,
                     start='{"kind": "c", "_wait_days": 3}')
    items = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip()
             for li in re.findall(r"<li>(.*?)</li>", error, re.S)]
    assert any(i.endswith(said.replace("'", "&#39;")) for i in items), items
    assert not re.search(r"不能作為名稱|Not usable as a name|not a valid name", error), error
