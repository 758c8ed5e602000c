"""Steps no sequence flow leads into or out of.

SpiffWorkflow builds a process by following the sequence flows from its
start events: a step nothing leads into is left out of the process without
a word (it never runs). A step nothing leads out of ends its path there
without reaching an end event, so SpiffWorkflow never marks the workflow
completed and the case stays open with nothing left to do. Both are refused
at deploy (errors, not warnings): the rest of the process running as if the
step were not there is the silent mistake this check exists to stop.

A path that only a non-interrupting boundary event starts (a reminder beside
the task) may end anywhere: the main path still reaches its end event.

A person's step (a user, manual or plain task) needs a name too: the inbox,
the task page and the case page name it, and could only say 未命名步驟.
"""
from __future__ import annotations

from engine.models.meta import CF_NS, TASK_TAGS   # TASK_TAGS: the steps a person does
from engine.models.parsing import BPMN_NS
from engine.models.task_names import split_bilingual
from .report import Problem

# Flow nodes by their tag, with what the editor calls them (edit.html's types).
KINDS = {
    "task": ("task", "工作"), "userTask": ("user task", "使用者任務"),
    "manualTask": ("manual task", "人工任務"), "serviceTask": ("service task", "服務任務"),
    "scriptTask": ("script task", "指令碼任務"), "businessRuleTask": ("business rule task", "商業規則任務"),
    "sendTask": ("send task", "傳送任務"), "receiveTask": ("receive task", "接收任務"),
    "callActivity": ("call activity", "呼叫活動"), "subProcess": ("subprocess", "子流程"),
    "transaction": ("transaction", "交易子流程"), "adHocSubProcess": ("ad-hoc sub-process", "臨機子流程"),
    "startEvent": ("start event", "開始事件"), "endEvent": ("end event", "結束事件"),
    "intermediateCatchEvent": ("intermediate catch event", "中間捕捉事件"),
    "intermediateThrowEvent": ("intermediate throw event", "中間拋出事件"),
    "boundaryEvent": ("boundary event", "邊界事件"),
    "exclusiveGateway": ("exclusive gateway", "互斥閘道"), "parallelGateway": ("parallel gateway", "平行閘道"),
    "inclusiveGateway": ("inclusive gateway", "包容閘道"), "eventBasedGateway": ("event-based gateway", "事件閘道"),
    "complexGateway": ("complex gateway", "複合閘道"),
}
CONTAINERS = ("subProcess", "transaction")   # their steps are checked like the process's own
NO_INCOMING_NEEDED = ("startEvent", "boundaryEvent")
NO_OUTGOING_NEEDED = ("endEvent",)


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _has(el, definition: str) -> bool:
    return el.find(f"{{{BPMN_NS}}}{definition}") is not None


def _apart(el) -> bool:
    """Steps that stand apart from the flows by design: event sub-processes
    (started by their event) and compensation handlers (reached by association)."""
    return el.get("triggeredByEvent") == "true" or el.get("isForCompensation") == "true"


def _needs_incoming(el) -> bool:
    kind = _local(el)
    link_catch = kind == "intermediateCatchEvent" and _has(el, "linkEventDefinition")
    return not (kind in NO_INCOMING_NEEDED or link_catch or _apart(el))


def _beside(el) -> bool:
    """A non-interrupting boundary event: the path it starts runs beside the task."""
    return _local(el) == "boundaryEvent" and el.get("cancelActivity", "true") == "false"


def _needs_outgoing(el) -> bool:
    kind = _local(el)
    link_throw = kind == "intermediateThrowEvent" and _has(el, "linkEventDefinition")
    compensation = kind == "boundaryEvent" and _has(el, "compensateEventDefinition")
    return not (kind in NO_OUTGOING_NEEDED or link_throw or compensation or _apart(el) or _beside(el))


def _main_path(steps: list, flows: list) -> set:
    """Ids of the steps reached from where the process starts (start events,
    interrupting boundary events, link catches...), not through a path that
    only a non-interrupting boundary event starts."""
    after: dict = {}
    for f in flows:
        after.setdefault(f.get("sourceRef"), []).append(f.get("targetRef"))
    todo = [el.get("id") for el in steps if not _needs_incoming(el) and not _beside(el)]
    seen: set = set()
    while todo:
        eid = todo.pop()
        if eid not in seen:
            seen.add(eid)
            todo.extend(after.get(eid, ()))
    return seen


def _steps(container):
    """The flow nodes of `container` and of the sub-processes inside it; the
    steps of an ad-hoc sub-process need no flows and are left alone."""
    for el in container:
        if _local(el) in KINDS:
            yield el
            if _local(el) in CONTAINERS:
                yield from _steps(el)


def unconnected_problems(file: str, process) -> list[Problem]:
    """A problem for each step of `process` that no sequence flow leads into
    (it never runs) or out of (its path stops there)."""
    flows = list(process.iter(f"{{{BPMN_NS}}}sequenceFlow"))
    steps = list(_steps(process))
    sources = {f.get("sourceRef") for f in flows}
    targets = {f.get("targetRef") for f in flows}
    main = _main_path(steps, flows)
    out = []
    for el in steps:
        if _needs_incoming(el) and el.get("id") not in targets:
            out.append(_problem(file, el, "no_incoming"))   # its missing way out is moot
        elif _needs_outgoing(el) and el.get("id") not in sources and el.get("id") in main:
            out.append(_problem(file, el, "no_outgoing"))
    return out


def unnamed_problems(file: str, process) -> list[Problem]:
    """A problem for each person's step of `process` with no name, neither its
    BPMN name nor civicflow:task name_zh/name_en. A step nothing leads into is
    refused for that already (it never runs)."""
    targets = {f.get("targetRef") for f in process.iter(f"{{{BPMN_NS}}}sequenceFlow")}
    return [_problem(file, el, "unnamed") for el in _steps(process)
            if _local(el) in TASK_TAGS and el.get("id") in targets and not _named(el)]


def _named(el) -> bool:
    declared = el.find(f"{{{BPMN_NS}}}extensionElements/{{{CF_NS}}}task")
    names = [el.get("name")] + ([declared.get("name_zh"), declared.get("name_en")]
                                if declared is not None else [])
    return any((n or "").strip() for n in names)


def _problem(file: str, el, code: str) -> Problem:
    en_kind, zh_kind = KINDS[_local(el)]
    zh_name, en_name = split_bilingual(el.get("name") or "")
    zh_who = f"「{zh_name or en_name}」" if zh_name or en_name else f"此{zh_kind}"
    en_who = f"the {en_kind} '{en_name or zh_name}'" if en_name or zh_name else f"this {en_kind}"
    if code == "unnamed":
        en = (f"{en_who} has no name: the people who do it would read 'Unnamed step' in their "
              "inbox and on the case page; name it in Chinese and English "
              "(like '登記陳情 Register petition')")
        zh = (f"{zh_who}沒有名稱：承辦人的待辦工作與案件頁只能顯示「未命名步驟」。"
              "請以中英文為它命名（例如「登記陳情 Register petition」）。")
    elif code == "no_incoming":
        en = f"{en_who} has no incoming sequence flow: it never runs"
        zh = f"{zh_who}沒有連入的循序流，永遠不會執行。"
    else:
        en = f"{en_who} has no outgoing sequence flow: the process stops there and never reaches an end event"
        zh = f"{zh_who}沒有連出的循序流，流程走到這裡就中斷，不會到達結束事件。"
    return Problem(file, el.get("id"), el.sourceline, code, en, zh)
