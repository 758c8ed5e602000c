"""What the parsers say about a model, in zh-TW.

SpiffWorkflow's ValidationExceptions and the XSD schema check (lxml) speak
English; each known message is said anew in Chinese, and anything else
falls back to a generic sentence, never to the English text.
"""
from __future__ import annotations

import re

from engine.models.python_words import error_zh
from .xml_words import attribute_zh, element_zh

_S = re.S
# SpiffWorkflow 3.2's parse and build errors (bpmn/parser, dmn/parser, spiff/parser).
_SPIFF_ZH = (
    (r"^Malformed Output Expression '(.*)'\. (.*)$", lambda m: f"決策表輸出儲存格「{m[1]}」無法解讀：{error_zh(m[2])}"),
    (r"^No start event found", "流程沒有開始事件"),
    (r"^No decisions found", "決策表檔案中沒有任何決策"),
    (r"^Multiple decision tables are not current", "一個決策只能有一張決策表"),
    (r"^Unknown type in decision table", "決策表中有無法辨識的內容"),
    (r"^No DMN Diagram available with id \"(.*?)\"", lambda m: f"找不到決策表「{m[1]}」"),
    (r"^Duplicate process ID: (.*)$", lambda m: f"流程代號「{m[1].strip()}」重複"),
    (r"^The process '(.*?)' was not found", lambda m: f"找不到流程「{m[1]}」"),
    (r"^Process .* is not executable", "流程未設為可執行"),
    (r"^There is no support implemented for this task type", "civicflow 不支援這種元素"),
    (r"^A multiinstance task must specify exactly one", "多次執行的任務只能指定次數或資料集合其中之一"),
    (r"^A multiinstance task must specify", "多次執行的任務須指定次數或資料集合"),
    (r"^The loop (?:input|output) data reference is missing", "多次執行所用的資料集合未在輸入輸出設定中宣告"),
    (r"^A loopMaximum or loopCondition must be specified", "重複執行的任務須指定最多次數或迴圈條件"),
    (r"^Cancel Events may only be used with transactions", "取消事件只能用在交易子流程中"),
    (r"^Multiple outgoing flows are not supported", "這種任務只能有一條連出的循序流"),
    (r"^When looking for a task spec, we found two items", "有兩個元素使用相同的代號"),
    (r"^Conditional event definition with missing condition", "條件事件缺少條件"),
    (r"^Expected an? (Message|Signal|Error|Escalation) node",
     lambda m: f"找不到所引用的{_EVENT_KIND[m[1].lower()]}定義"),
    (r"^Could not find messageRef", "找不到所引用的訊息定義"),
    (r"identifier is missing from", "訊息、信號、錯誤或升級定義缺少代號"),
    (r"^Sequential ordering for ad hoc subprocesses", "臨機子流程不支援依序執行"),
    (r"^Ad hoc subprocesses may not contain start or end events", "臨機子流程中不可有開始或結束事件"),
    (r"^Cannot resolve data(?:Input|Output)Association", "找不到資料關聯所指的資料物件"),
    (r"^Invalid Script Task\.\s+No Script Provided", "指令碼任務沒有腳本"),
    (r"^A Service Task must have an operator", "服務任務須指定所呼叫的功能"),
    (r"^Data Store", "資料儲存區的設定不完整"),
    (r"^Correlation", "訊息關聯（correlation）的設定不完整"),
)
_EVENT_KIND = {"message": "訊息", "signal": "信號", "error": "錯誤", "escalation": "升級"}
_STAGE_ZH = {"parse": "讀取流程時", "dmn": "讀取決策表時", "build": "建立流程時"}

_ELEMENT = re.compile(r"^Element '(?:\{[^}]*\})?([\w.-]+)'(?:, attribute '(?:\{[^}]*\})?([\w:.-]+)')?: (.*)$", _S)
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_ATTR = r"'(?:\{[^}]*\})?([\w:.-]+)'"
# (pattern over lxml's text, words given the element's, the attribute's and the match);
# elements and attributes are said as the editor names them (xml_words.py).
_SCHEMA_ZH = (
    (rf"^The attribute {_ATTR} is required but missing", lambda el, attr, hit: f"{el}缺少必要的{attribute_zh(hit[1])}"),
    (rf"^The attribute {_ATTR} is not allowed", lambda el, attr, hit: f"{el}不可有{attribute_zh(hit[1])}"),
    (r"^'(.*)' is not a valid value of the atomic type 'xs:ID'",   # lxml says so of a repeated id too
     lambda el, attr, hit: f"{el}的代碼「{hit[1]}」不可用：須以英文字母或底線開頭、不含空格，且不可與其他元素的代碼重複"),
    (r"is not a valid value|is not an element of the set|does not resolve to a type definition",
     lambda el, attr, hit: f"{el}的{attribute_zh(attr) if attr else '內容'}值不正確"),
    (r"^This element is not expected", lambda el, attr, hit: f"{el}不應出現在此處（位置或順序不正確{_expected('；此處應為', hit)}）"),
    (r"^Missing child element", lambda el, attr, hit: f"{el}缺少必要的子元素{_expected('：', hit)}"),
)


def spiff_zh(message: str, stage: str) -> str:
    """A SpiffWorkflow error message in zh-TW; `stage` is parse, dmn or build."""
    text = (message or "").strip()
    for pattern, said in _SPIFF_ZH:
        found = re.search(pattern, text, _S)
        if found:
            return said(found) if callable(said) else said
    return f"流程引擎{_STAGE_ZH.get(stage, '')}無法處理此處的設定，請檢查這個元素"


def schema_zh(message: str, kind: str) -> str:
    """An XSD error of a BPMN or DMN file in zh-TW, naming the element and
    attribute as the editor does: 循序流缺少必要的「終點元素」（targetRef）."""
    head = f"檔案不符合 {kind.upper()} 結構定義"
    found = _ELEMENT.match((message or "").strip())
    if not found:
        return head
    element, attr, rest = found.groups()
    for pattern, said in _SCHEMA_ZH:
        hit = re.search(pattern, rest.strip(), _S)
        if hit:
            return f"{head}：" + said(element_zh(element), attr, hit)
    return f"{head}：{element_zh(element)}的寫法不正確"


def _expected(lead: str, hit: re.Match) -> str:
    """The elements lxml expects there, when it names at most three of them."""
    found = _EXPECTED.search(hit.string)
    tags = [t.strip().rsplit("}", 1)[-1] for t in found.group(1).split(",")] if found else []
    return f"{lead}{'、'.join(element_zh(t) for t in tags)}" if 0 < len(tags) <= 3 else ""
