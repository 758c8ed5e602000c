"""The comparable elements of one BPMN or DMN document, for modeldiff.

Each element is flattened to what a reader of a diff cares about: plain
properties (strings), form fields by name and DMN rule rows by id. Task
properties come from modelmeta, so a diff shows what the engine reads
(Camunda attributes included), not raw XML.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import NamedTuple

from engine.models import meta as modelmeta
from engine.models.parsing import kind

BPMN_NS = modelmeta.BPMN_NS
CF_NS = modelmeta.CF_NS
FLOW_TAGS = {
    "process", "lane", "sequenceFlow", "message", "task", "userTask", "manualTask",
    "scriptTask", "serviceTask", "sendTask", "receiveTask", "businessRuleTask",
    "callActivity", "subProcess", "transaction", "startEvent", "endEvent",
    "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
    "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
    "complexGateway",
}
TIMER_KINDS = ("timeDate", "timeDuration", "timeCycle")
# Every attribute of a form field the engine reads (meta.Field): one left out
# here is a change the comparison never lists.
FIELD_ATTRS = ("type", "required", "label_zh", "label_en", "choices", "min", "max",
               "maxlength", "default", "when", "decision", "yes_zh", "no_zh", "yes_en", "no_en",
               "confirm", "resource", "during", "starts_from", "example")


class Element(NamedTuple):
    id: str
    name: str
    type: str
    file: str
    props: dict
    fields: dict
    rules: dict


def local(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _child(el, name):
    return next((c for c in el if local(c) == name), None)


def _text(el) -> str | None:
    return (el.text or "").strip() or None if el is not None else None


def elements(root) -> list[Element]:
    return _dmn_elements(root) if kind(root) == "dmn" else _bpmn_elements(root)


# ---- BPMN -----------------------------------------------------------------
def _bpmn_elements(root) -> list[Element]:
    tasks = {eid: t for m in modelmeta.extract(root).values() for eid, t in m.tasks.items()}
    lane_of = {(ref.text or "").strip(): lane.get("name") or lane.get("id")
               for lane in root.iter(f"{{{BPMN_NS}}}lane")
               for ref in lane.iter(f"{{{BPMN_NS}}}flowNodeRef")}
    out = []
    for el in root.iter(f"{{{BPMN_NS}}}*"):
        if local(el) in FLOW_TAGS and el.get("id"):
            meta = tasks.get(el.get("id"))
            props = {"type": local(el), "name": el.get("name") or None,
                     "lane": lane_of.get(el.get("id")), **_task_props(meta), **_bpmn_props(el)}
            fields = {f.name: _field(f) for f in meta.fields} if meta else {}
            out.append(Element(el.get("id"), el.get("name") or "", local(el), "",
                               _clean(props), fields, {}))
    return out


def _task_props(meta) -> dict:
    if meta is None:
        return {}
    return {"agency": meta.agency_expr, "role": meta.role, "due": meta.due_expr,
            "priority": str(meta.priority) if meta.priority else None}


def _bpmn_props(el) -> dict:
    props = {"default": el.get("default"), "source": el.get("sourceRef"),
             "target": el.get("targetRef"), "called": el.get("calledElement"),
             "attached_to": el.get("attachedToRef"), "condition": _text(_child(el, "conditionExpression")),
             "script": _text(_child(el, "script")), "timer": _timer(el), "message": _message(el),
             "loop": _loop(el), "decision": _decision_ref(el)}
    if el.get("attachedToRef"):
        props["cancel"] = el.get("cancelActivity", "true")
    if local(el) == "lane":
        ext = el.find(f"{{{BPMN_NS}}}extensionElements/{{{CF_NS}}}lane")
        if ext is not None:
            props.update(agency=ext.get("agency"), role=ext.get("role"))
    return props


def _timer(el) -> str | None:
    definition = _child(el, "timerEventDefinition")
    if definition is None:
        return None
    parts = [f"{local(c)}: {_text(c)}" for c in definition if local(c) in TIMER_KINDS]
    return "; ".join(parts) or "timer"


def _message(el) -> str | None:
    definition = _child(el, "messageEventDefinition")
    return definition.get("messageRef") or "message" if definition is not None else None


def _loop(el) -> str | None:
    standard = _child(el, "standardLoopCharacteristics")
    if standard is not None:
        return f"loop while {_text(_child(standard, 'loopCondition'))}" \
               f" (max {standard.get('loopMaximum') or '-'})"
    multi = _child(el, "multiInstanceLoopCharacteristics")
    if multi is None:
        return None
    items = [f"{local(c)}={_text(c) or c.get('name') or ''}" for c in multi]
    order = "sequential" if multi.get("isSequential") == "true" else "parallel"
    return f"{order} multi-instance: " + ", ".join(items)


def _decision_ref(el) -> str | None:
    ext = _child(el, "extensionElements")
    ref = next((c for c in ext.iter() if local(c) == "calledDecisionId"), None) \
        if ext is not None else None
    return _text(ref)


def _field(f) -> dict:
    d = asdict(f)
    return {k: d[k] for k in FIELD_ATTRS}


def _clean(props: dict) -> dict:
    return {k: str(v) for k, v in props.items() if v not in (None, "")}


# ---- DMN ------------------------------------------------------------------
def _dmn_elements(root) -> list[Element]:
    out = []
    for decision in (e for e in root.iter() if local(e) == "decision"):
        table = _child(decision, "decisionTable")
        props, rules = {"type": "decision", "name": decision.get("name")}, {}
        if table is not None:
            props.update(hit_policy=table.get("hitPolicy", "UNIQUE"),
                         inputs=" | ".join(_input_label(i) for i in table if local(i) == "input"),
                         outputs=" | ".join(o.get("name") or o.get("label") or ""
                                            for o in table if local(o) == "output"))
            rules = {r.get("id") or f"row {n}": _rule(r)
                     for n, r in enumerate((r for r in table if local(r) == "rule"), 1)}
        out.append(Element(decision.get("id"), decision.get("name") or "", "decision", "",
                           _clean(props), {}, rules))
    return out


def _input_label(column) -> str:
    if column.get("label"):
        return column.get("label")
    expr = _child(column, "inputExpression")
    return (_text(_child(expr, "text")) if expr is not None else None) or ""


def _cells(rule, name: str) -> list[str]:
    return [_text(_child(c, "text")) or "-" for c in rule if local(c) == name]


def _rule(rule) -> dict:
    return {"inputs": _cells(rule, "inputEntry"), "outputs": _cells(rule, "outputEntry"),
            "description": _text(_child(rule, "description"))}


def summary(attrs: dict | None) -> str | None:
    """One line for a form field or a rule row."""
    if attrs is None:
        return None
    if "inputs" in attrs:
        return " | ".join(attrs["inputs"]) + " → " + " | ".join(attrs["outputs"])
    parts = [attrs["type"]] + [k for k in ("required", "decision", "confirm") if attrs.get(k)]
    parts += [f"{k}={attrs[k]}" for k in ("label_zh", "label_en", "min", "max", "maxlength",
                                          "default", "when", "resource", "during")
              if attrs.get(k) not in (None, "")]
    if attrs["choices"]:
        parts.append("choices: " + ", ".join(c[0] for c in attrs["choices"]))
    return "; ".join(parts)
