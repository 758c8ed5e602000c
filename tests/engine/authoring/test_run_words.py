"""What stopped a test-run, in zh-TW words (run_words.py): Python's and the
sandbox's English said anew, the English kept only for what no words know."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from engine.authoring import run_words
from engine.authoring.testrun import Plan, run
from engine.time.clock import TAIPEI

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI)
SCRIPTED = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
<bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:scriptTask id="calc"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    <bpmn:script>{script}</bpmn:script></bpmn:scriptTask>
  <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="calc"/>
  <bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="e"/>
</bpmn:process></bpmn:definitions>"""


@pytest.mark.parametrize("script, said", [
    ("x = 1 / 0", "腳本執行失敗：除以零（第1行）"),
    ("x = {}['office']", "腳本執行失敗：資料中沒有「office」這一項（第1行）"),
    ("x = 1\ny = 'a' + x", "腳本執行失敗：文字只能與文字相接（數字請先以 str() 轉成文字）（第2行）"),
    ("x = sum(range(n))", "模型的程式碼被中止：「range()」會產生 1000000000 項的值（上限 1000000 項）"),
])
def test_a_failing_script_is_said_in_chinese(script, said):
    plan = Plan({"p.bpmn": SCRIPTED.format(script=script).encode()}, "p", MONDAY, {"n": 10 ** 9})
    result = run(plan, isolate=False)
    assert result.status == "error" and result.error.element_id == "calc"
    assert result.error.message_zh == said and result.error.known
    assert re.search(r"[A-Za-z]{4,}", result.error.message)   # the English stays for the English page


@pytest.mark.parametrize("script, code, line", [
    ("x = 1\n\ny = 'a' + x", "y = 'a' + x", 3),
    ("\nx = 1\nif x:\n    y = {}['office']\n", "y = {}['office']", 4),
    ("x = 1 / 0", "x = 1 / 0", 1),
])
def test_a_failing_script_keeps_its_failing_line(script, code, line):
    plan = Plan({"p.bpmn": SCRIPTED.format(script=script).encode()}, "p", MONDAY, {})
    error = run(plan, isolate=False).error
    assert (error.code, error.line) == (code, line)
    assert error.message_zh.endswith(f"（第{line}行）")


def test_an_expression_names_no_script_line():
    words = run_words.run_error(RuntimeError("something nobody foresaw"))
    assert (words.code, words.line) == (None, None)


def test_what_no_words_know_is_generic_and_marked_unknown():
    words = run_words.run_error(RuntimeError("something nobody foresaw"))
    assert (words.zh, words.known) == ("流程引擎在此處無法繼續", False)


def test_a_missing_process_and_an_overrun_are_said_in_chinese():
    result = run(Plan({"p.bpmn": SCRIPTED.format(script="x = 1").encode()}, "other", MONDAY), isolate=False)
    assert result.status == "refused" and result.error.message_zh == "檔案中沒有可執行的流程「other」"
    assert run_words.overran(10.0).zh == "試跑未在 10 秒內完成，已被停止"
