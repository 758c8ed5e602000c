"""What SpiffWorkflow, the XSD schema check and the XML parser say about a
model reads as Chinese for a zh-TW analyst (known messages said anew, any
other one a generic sentence), never as their English text."""
from __future__ import annotations

import re

import pytest

from engine.models.validation import validate
from engine.models.validation.parser_words import schema_zh, spiff_zh

LATIN = re.compile(r"[A-Za-z]")


def no_latin_outside_quotes(zh: str) -> bool:
    return not LATIN.search(re.sub(r"「[^」]*」", "", zh))


def only(report):
    assert report.verdict == "refused", report.to_dict()
    [problem] = report.problems
    return problem


def test_a_malformed_decision_output_reads_as_chinese(petition):
    files = petition()
    files["petition_routing.dmn"] = files["petition_routing.dmn"].replace(
        b'<outputEntry id="r2_o0"><text>"PWB"</text>', b'<outputEntry id="r2_o0"><text>PWB +</text>', 1)
    problem = only(validate(files))
    assert problem.message_zh == "決策表輸出儲存格「PWB +」無法解讀：運算式語法錯誤（第1行）"
    assert "Malformed Output Expression 'PWB +'" in problem.message_en   # English stays English


def test_a_schema_error_names_the_element_in_chinese(mini):
    problem = only(validate(mini('isExecutable="true"', 'isExecutable="yes"')))
    assert problem.code == "schema"
    assert problem.message_zh == "檔案不符合 BPMN 結構定義：流程的「可執行」（isExecutable）值不正確"
    assert "is not a valid value" in problem.message_en


@pytest.mark.parametrize("text, said", [
    ("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}sequenceFlow': "
     "The attribute 'targetRef' is required but missing", "循序流缺少必要的「終點元素」（targetRef）"),
    ("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}endEvent', attribute 'foo': "
     "The attribute 'foo' is not allowed", "結束事件不可有屬性「foo」"),
    ("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}bogus': This element is not expected. "
     "Expected is one of ( {http://www.omg.org/spec/BPMN/20100524/MODEL}lane )",
     "元素「bogus」不應出現在此處（位置或順序不正確；此處應為泳道）"),
    ("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}sequenceFlow', attribute 'id': "
     "'f2' is not a valid value of the atomic type 'xs:ID'",
     "循序流的代碼「f2」不可用：須以英文字母或底線開頭、不含空格，且不可與其他元素的代碼重複"),
    ("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}boundaryEvent', attribute 'cancelActivity': "
     "'no' is not a valid value of the atomic type 'xs:boolean'", "邊界事件的「中斷型」（cancelActivity）值不正確"),
    ("Element '{http://www.omg.org/spec/BPMN/20100524/MODEL}incoming': This element is not expected. "
     "Expected is one of ( {http://www.omg.org/spec/BPMN/20100524/MODEL}outgoing, "
     "{http://www.omg.org/spec/BPMN/20100524/MODEL}ioSpecification, "
     "{http://www.omg.org/spec/BPMN/20100524/MODEL}property, "
     "{http://www.omg.org/spec/BPMN/20100524/MODEL}loopCharacteristics )",
     "連入的循序流（incoming）不應出現在此處（位置或順序不正確）"),
    ("Element '{https://www.omg.org/spec/DMN/20191111/MODEL/}decisionTable', attribute 'hitPolicy': "
     "[facet 'enumeration'] The value 'FRIST' is not an element of the set {'UNIQUE', 'FIRST'}",
     "決策表的「命中原則」值不正確"),
    ("Element '{https://www.omg.org/spec/DMN/20191111/MODEL/}inputExpression': Missing child element(s). "
     "Expected is ( {https://www.omg.org/spec/DMN/20191111/MODEL/}text ).", "輸入運算式缺少必要的子元素：內容（text）"),
    ("Element 'x': something new", "元素「x」的寫法不正確"),
])
def test_schema_messages(text, said):
    assert schema_zh(text, "bpmn") == "檔案不符合 BPMN 結構定義：" + said
    # A raw XML name shows only quoted or in parentheses after the editor's words.
    assert not LATIN.search(re.sub(r"「[^」]*」|（[A-Za-z]+）", "", said)), said


def test_an_unreadable_schema_message_falls_back():
    assert schema_zh("who knows", "dmn") == "檔案不符合 DMN 結構定義"


@pytest.mark.parametrize("text, said", [
    ("No start event found", "流程沒有開始事件"),
    ("Duplicate process ID: petition", "流程代號「petition」重複"),
    ('No DMN Diagram available with id "routing", Available DMN ids are: a, b', "找不到決策表「routing」"),
    ("Expected a Signal node", "找不到所引用的信號定義"),
    ("Cancel Events may only be used with transactions", "取消事件只能用在交易子流程中"),
    ("A multiinstance task must specify a cardinality or a loop input data reference",
     "多次執行的任務須指定次數或資料集合"),
    ("Malformed Output Expression ''a'. unterminated string literal (detected at line 1) (<unknown>, line 1) ",
     "決策表輸出儲存格「'a」無法解讀：字串少了結尾的引號（第1行）"),
])
def test_spiffworkflow_messages(text, said):
    assert spiff_zh(text, "parse") == said


def test_an_unknown_spiffworkflow_message_falls_back_without_english():
    said = spiff_zh("KeyError: 'spam' in some internal place", "build")
    assert said == "流程引擎建立流程時無法處理此處的設定，請檢查這個元素" and no_latin_outside_quotes(said)


def test_an_element_spiffworkflow_cannot_run_reads_as_chinese(mini):
    problem = only(validate(mini("<bpmn:outgoing>f4</bpmn:outgoing>",
                                 "<bpmn:outgoing>f4</bpmn:outgoing><bpmn:standardLoopCharacteristics/>")))
    assert problem.message_zh == "重複執行的任務須指定最多次數或迴圈條件", problem.to_dict()
    assert "loopMaximum or loopCondition" in problem.message_en


@pytest.mark.parametrize("xml, said", [
    (b"<a><b></a>", "XML 格式錯誤：開始標籤「b」與結束標籤「a」不成對"),
    (b"<a><b>", "XML 格式錯誤：檔案在標籤「b」之後就結束了，可能少了結束標籤"),
    (b"<a x=1/>", "XML 格式錯誤：屬性值須以引號括住"),
    (b"<a>&x</a>", "XML 格式錯誤：「&」須寫成 &amp;"),
    (b"<a></b", "XML 格式錯誤：請檢查標籤是否成對、屬性值是否加上引號"),
])
def test_xml_that_is_not_well_formed_reads_as_chinese(xml, said):
    problem = only(validate({"x.bpmn": xml}))
    assert problem.code == "xml" and problem.message_zh == said
    assert problem.message_en.startswith("the XML is not well-formed: ")
