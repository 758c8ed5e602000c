"""Why an expression is refused reads as Chinese for a zh-TW analyst: the
attribute as the editor's panel labels it, Python's and the sandbox's reason
said in zh-TW, never their English text; English stays English."""
from __future__ import annotations

import re

import pytest

from engine import sandbox
from engine.models.python_words import error_zh, raised_zh, refusal_zh, syntax_zh
from engine.models.validation import validate

LATIN = re.compile(r"[A-Za-z]")


def latin_outside_quotes(zh: str) -> list[str]:
    """Latin letters in `zh` other than in 「quoted」 text (the analyst's own expression)."""
    return LATIN.findall(re.sub(r"「[^」]*」", "", zh))


@pytest.mark.parametrize("source, mode, said", [
    ("working_days(1", "eval", "括號「(」未閉合（第1行）"),
    ("working_days(1))", "eval", "多了一個「)」，前面沒有對應的左括號（第1行）"),
    ("[1, 2)", "eval", "右括號「)」與左括號「[」不成對（第1行）"),
    ("'PWB", "eval", "字串少了結尾的引號（第1行）"),
    ("if x\n    y = 1", "exec", "少了冒號「:」（第1行）"),
    ("x = 1\n    y = 2", "exec", "此行不應縮排（第2行）"),
    ("working_days（1）", "eval", "含有不能使用的字元「（」（請改用半形符號）（第1行）"),
    ("f(a b)", "eval", "語法錯誤，可能少了逗號（第1行）"),
    ("days = = 3", "exec", "運算式語法錯誤（第1行）"),
    ("x = 1\nreturn x", "exec", "「return」只能用在函式或迴圈內（第2行）"),
])
def test_python_syntax_errors_are_said_in_chinese(source, mode, said):
    reason = sandbox.check(source, mode)
    assert reason and reason.startswith("Python syntax error"), reason
    assert refusal_zh(reason) == said


def test_an_unknown_syntax_message_falls_back_without_english():
    assert syntax_zh("some message a later Python says", 3) == "運算式語法錯誤（第3行）"
    assert syntax_zh("whatever", None) == "運算式語法錯誤"


def test_python_exception_texts_are_said_in_chinese():
    assert error_zh("name 'office' is not defined") == "名稱「office」未定義（沒有這個變數或函式）"
    assert error_zh("invalid syntax (<unknown>, line 2)") == "運算式語法錯誤（第2行）"
    assert error_zh("'(' was never closed (<unknown>, line 1)") == "括號「(」未閉合（第1行）"
    assert error_zh("division by zero, somewhere deep") == "運算式無法執行"



@pytest.mark.parametrize("raised, said", [
    (NameError("name 'office' is not defined (line 2)"), "名稱「office」未定義（沒有這個變數或函式）（第2行）"),
    (KeyError("'office' (line 1)"), "資料中沒有「office」這一項（第1行）"),
    (ZeroDivisionError("division by zero"), "除以零"),
    (AttributeError("'dict' object has no attribute 'office'"), "這個值沒有「.office」"),
    (TypeError("'<' not supported between instances of 'str' and 'int'"), "兩個值的型別不同，無法比較"),
    (RuntimeError("something else entirely"), "運算式無法執行"),
])
def test_what_model_code_raised_is_said_in_chinese(raised, said):
    assert raised_zh(raised) == said

@pytest.mark.parametrize("source, mode", [
    ("import os", "exec"), ("class A:\n    pass", "exec"), ("with x:\n    pass", "exec"),
    ("_secret", "eval"), ("x.__class__", "eval"), ("'{0}'.format(x)", "eval"),
    ("x.y = 1", "exec"), ("open('f')", "eval"), ("range(10 ** 9)", "eval"),
    ("while True:\n    pass", "exec"), ("@d\ndef f():\n    pass", "exec"),
    ("2 ** 10 ** 9", "eval"), ("'x' * 10 ** 9", "eval"), ("1 << 10 ** 9", "eval"),
    ("f'{x:{w}}'", "eval"), ("f'{x:99999999}'", "eval"), ("x" * 100_001, "eval"),
])
def test_every_sandbox_refusal_is_said_in_chinese(source, mode):
    reason = sandbox.check(source, mode)
    assert reason, source
    said = refusal_zh(reason)
    assert said and not said.startswith("運算式含有不被允許的寫法"), (reason, said)
    assert not latin_outside_quotes(said), (reason, said)


def test_an_unknown_sandbox_reason_falls_back_with_its_line():
    assert refusal_zh("something new is not allowed (line 4)") == "運算式含有不被允許的寫法（第4行）"


def test_the_testers_due_expression_reads_as_chinese(petition):
    """「civicflow:task due 運算式 'working_days(1' 不被接受：Python syntax error…」 was shown."""
    report = validate(petition('due="working_days(1)"', 'due="working_days(1"'))
    [problem] = report.problems
    assert problem.message_zh == "期限（運算式）「working_days(1」不被接受：括號「(」未閉合（第1行）"
    assert problem.message_en == ("civicflow:task due 'working_days(1' is refused: "
                                  "Python syntax error on line 1: '(' was never closed")


@pytest.mark.parametrize("old, new, label", [
    ("agency=\"'DOA'\"", "agency=\"'DOA\"", "機關（運算式）"),
    ("<bpmn:script>outcome = 'closed_art173'</bpmn:script>", "<bpmn:script>outcome = 'closed_art173</bpmn:script>",
     "腳本"),
    (">before_working_days(due_at, 1)</bpmn:timeDate>", ">before_working_days(due_at, 1</bpmn:timeDate>",
     "計時運算式"),
])
def test_each_attribute_is_named_as_the_panel_labels_it(petition, old, new, label):
    [problem] = validate(petition(old, new)).problems
    assert problem.message_zh.startswith(label + "「"), problem.message_zh
    assert not latin_outside_quotes(problem.message_zh), problem.message_zh


def test_a_condition_is_named_as_the_panel_labels_it(mini):
    files = mini('<bpmn:sequenceFlow id="f4" sourceRef="reply" targetRef="end_closed"/>',
                 '<bpmn:sequenceFlow id="f4" sourceRef="reply" targetRef="end_closed">'
                 '<bpmn:conditionExpression>handling_action == </bpmn:conditionExpression></bpmn:sequenceFlow>')
    [problem] = validate(files).problems
    assert problem.message_zh == "條件「handling_action ==」不被接受：運算式語法錯誤（第1行）"
    assert problem.message_en.startswith("condition 'handling_action ==' is refused: Python syntax error")
