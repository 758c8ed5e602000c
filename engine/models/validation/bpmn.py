"""Static checks on BPMN documents: expressions, reserved ids, call activities."""
from __future__ import annotations

import re

from engine import sandbox
from engine.models.parsing import BPMN_NS, kind
from engine.models.python_words import refusal_zh
from .report import Problem

SPIFF_NS = "http://spiffworkflow.org/bpmn/schema/1.0/core"
CF_NS = "urn:civicflow:bpmn:1"


def _b(tag):
    return f"{{{BPMN_NS}}}{tag}"


# Element texts SpiffWorkflow evaluates (eval) or executes (exec), as is.
EVAL_TAGS = {_b(t) for t in (
    "conditionExpression", "timeDate", "timeDuration", "timeCycle", "loopCardinality",
    "completionCondition", "loopCondition", "condition", "messagePath")} | {
    f"{{{SPIFF_NS}}}messagePayload"}
EXEC_TAGS = {_b("script"), f"{{{SPIFF_NS}}}preScript", f"{{{SPIFF_NS}}}postScript"}
CF_EXPRESSION_ATTRS = ("agency", "due")
RESERVED_IDS = ("Start", "End")

_ISO_DURATION = re.compile(r"^\s*(R\d*/)?-?P(\d|T\d)[\dYMWDTHS.,]*\s*$")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?\s*$")
_JUEL = re.compile(r"[$#]\{")


# What each expression is called: in English as before, in zh-TW as the
# editor's panel labels it (webapp/templates/models/edit.html).
WHAT = {
    "due": ("civicflow:task due", "期限（運算式）"),
    "agency": ("civicflow:task agency", "機關（運算式）"),
    "conditionExpression": ("condition", "條件"),
    "script": ("script", "腳本"),
    "preScript": ("pre-script", "前置腳本"),
    "postScript": ("post-script", "後置腳本"),
    "timeDate": ("timeDate", "計時運算式"),
    "timeDuration": ("timeDuration", "計時運算式"),
    "timeCycle": ("timeCycle", "計時運算式"),
    "loopCardinality": ("loopCardinality", "執行次數（運算式）"),
    "completionCondition": ("completionCondition", "完成條件"),
    "loopCondition": ("loopCondition", "迴圈條件"),
    "condition": ("condition", "條件"),
    "messagePath": ("messagePath", "訊息路徑（運算式）"),
    "messagePayload": ("messagePayload", "訊息內容（運算式）"),
}


def expression_message(text: str, mode: str, what: tuple[str, str]):
    """(English, zh-TW) when `text` may not run in the sandbox, else None;
    `what` is what the expression is called, in English and zh-TW."""
    reason = sandbox.check(text, mode)
    if reason is None and _ISO_DURATION.match(text):
        # P30D is a valid Python name: it would only fail when the timer is reached.
        reason = "an unquoted ISO 8601 duration is read as a variable name"
    if reason is None:
        return None
    shown = text.strip()[:80]
    en, zh = f"{what[0]} {shown!r} is refused: {reason}", \
        f"{what[1]}「{shown}」不被接受：{refusal_zh(reason)}"
    hint = _hint(text)
    return (f"{en}. {hint[0]}", f"{zh}。{hint[1]}") if hint else (en, zh)


def _hint(text: str):
    if _ISO_DURATION.match(text):
        quoted = text.strip()
        return (f"Expressions are Python: quote the ISO duration, e.g. '{quoted}'",
                f"運算式為 Python，ISO 期間須加引號，例如 '{quoted}'")
    if _ISO_DATE.match(text):
        return ("Expressions are Python: quote the ISO date, e.g. '" + text.strip() + "'",
                "運算式為 Python，ISO 日期須加引號")
    if _JUEL.search(text):
        return ("This is a Camunda (JUEL) expression; civicflow expressions are Python",
                "這是 Camunda（JUEL）運算式；civicflow 的運算式為 Python")
    return None


def _owner(el):
    """The nearest enclosing element with an id (what the modeller clicks on)."""
    node = el
    while node is not None and (not node.get("id") or _inner(node.tag)):
        node = node.getparent()
    return node if node is not None else el


def _inner(tag) -> bool:
    """Parts of an element that carry their own id but are not clicked on."""
    return isinstance(tag, str) and tag.endswith(("EventDefinition", "LoopCharacteristics"))


def expression_problems(file: str, process) -> list[Problem]:
    out = []
    for el in process.iter():
        tag = el.tag
        if tag in EVAL_TAGS or tag in EXEC_TAGS:
            if el.text is None or not el.text.strip():
                continue
            mode = "exec" if tag in EXEC_TAGS else "eval"
            found = expression_message(el.text, mode, _what(tag))
        elif tag == f"{{{CF_NS}}}task":
            found = _cf_task_message(el)
        else:
            continue
        if found:
            owner = _owner(el)
            out.append(Problem(file, owner.get("id"), el.sourceline, "expression", *found))
    return out


def _what(tag: str) -> tuple[str, str]:
    local = tag.rsplit("}", 1)[-1]
    return WHAT.get(local, (local, "運算式"))


def _cf_task_message(el):
    for attr in CF_EXPRESSION_ATTRS:
        text = el.get(attr)
        if text and text.strip():
            found = expression_message(text, "eval", WHAT[attr])
            if found:
                return found
    return None


def reserved_id_problems(file: str, process) -> list[Problem]:
    out = []
    for el in process.iter():
        eid = el.get("id") if isinstance(el.tag, str) else None
        if eid and (eid in RESERVED_IDS or eid.endswith(".EndJoin")):
            out.append(Problem(
                file, eid, el.sourceline, "reserved_id",
                f"the id '{eid}' is reserved by the engine; rename it (e.g. 'start_intake', 'end_closed')",
                f"元素代號「{eid}」為引擎保留字，請改名（例如 start_intake、end_closed）"))
    return out


def called_elements(process) -> list[tuple[str, object]]:
    """(called process id, callActivity element) for each call activity."""
    return [(el.get("calledElement") or "", el) for el in process.iter(_b("callActivity"))]


def call_problems(processes: dict, roots_of: dict, reachable: set[str]) -> list[Problem]:
    """Missing called elements and call cycles among `reachable` processes.

    processes: process id -> lxml element; roots_of: process id -> file name."""
    out = []
    for pid in sorted(reachable):
        for called, el in called_elements(processes[pid]):
            if called not in processes:
                out.append(Problem(
                    roots_of[pid], el.get("id"), el.sourceline, "missing_called_element",
                    f"the call activity calls '{called}', which is not in the uploaded files",
                    f"呼叫活動所呼叫的流程「{called}」不在上傳的檔案中"))
            elif pid in _calls_closure(processes, called):
                out.append(_cycle_problem(roots_of[pid], el, pid, called))
    return out


def _cycle_problem(file, el, pid, called) -> Problem:
    if called == pid:
        en, zh = (f"the call activity calls its own process '{pid}' (endless recursion)",
                  f"呼叫活動呼叫了自身所在的流程「{pid}」（無限遞迴）")
    else:
        en, zh = (f"the call activity calls '{called}', which calls '{pid}' again (a cycle)",
                  f"呼叫活動呼叫「{called}」，而它又會呼叫回「{pid}」（循環呼叫）")
    return Problem(file, el.get("id"), el.sourceline, "call_cycle", en, zh)


def _calls_closure(processes: dict, start: str) -> set[str]:
    """Every process reachable from `start` through call activities, start included."""
    seen, todo = set(), [start]
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in processes:
            continue
        seen.add(pid)
        todo.extend(called for called, _ in called_elements(processes[pid]))
    return seen


def reachable_from(processes: dict, starts) -> set[str]:
    found = set()
    for pid in starts:
        found |= _calls_closure(processes, pid)
    return found & set(processes)


def processes_of(roots: dict) -> tuple[dict, dict]:
    """Of parsed files {name: root}: process id -> its element, process id -> its file."""
    processes, file_of = {}, {}
    for name, root in roots.items():
        if kind(root) == "bpmn":
            for proc in root.iter(_b("process")):
                processes[proc.get("id")], file_of[proc.get("id")] = proc, name
    return processes, file_of


def called_decision(task) -> str | None:
    """The decision a business rule task calls: its spiffworkflow attribute,
    else its calledDecisionId extension element."""
    ref = task.get(f"{{{SPIFF_NS}}}calledDecisionId")
    ext = task.find(f"{_b('extensionElements')}/{{{SPIFF_NS}}}calledDecisionId")
    return ref or (ext.text.strip() if ext is not None and ext.text else None) or None


def called_decisions(process) -> set[str]:
    """The decision ids the business rule tasks of `process` call."""
    return {ref for el in process.iter(_b("businessRuleTask")) if (ref := called_decision(el))}


def decision_problems(file: str, process, decisions: set[str]) -> list[Problem]:
    out = []
    for el in process.iter(_b("businessRuleTask")):
        ref = called_decision(el)
        if ref and ref not in decisions:
            out.append(Problem(
                file, el.get("id"), el.sourceline, "missing_decision",
                f"the business rule task calls the decision '{ref}', which is not in the uploaded files",
                f"商業規則任務所呼叫的決策表「{ref}」不在上傳的檔案中"))
    return out
