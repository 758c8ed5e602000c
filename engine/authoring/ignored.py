"""What civicflow ignores in a model drawn for another engine.

A model made in the Camunda Modeler (or for Zeebe, Flowable, Activiti...)
carries attributes and extension elements that civicflow never runs: Java
delegates, listeners, form keys, async flags. The analyst sees them listed
per element as soon as the model is imported, with a reason code the web layer
words in the user's language. What `engine.models.camunda` does read (candidate
groups, due dates, form fields) is not listed, unless civicflow cannot use it
(a JUEL value, a user name) or the civicflow extension overrides it.
"""
from __future__ import annotations

from engine.models import camunda
from engine.models.meta import ROLES, TASK_TAGS
from engine.models.xmlsafe import XmlRefused, parse_xml

CF_NS = "urn:civicflow:bpmn:1"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# Namespaces civicflow or SpiffWorkflow read, the XML basics, and drawing-tool
# metadata (colours, column widths, "made with"), which changes nothing when run.
_READ_NS = (CF_NS, "http://spiffworkflow.org/bpmn/schema/1.0/core",
            "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/XML/1998/namespace")
_TOOL_NS = ("http://camunda.org/schema/modeler/1.0", "http://bpmn.io/schema/bpmn/biocolor/1.0",
            "http://bpmn.io/schema/dmn/biodi/1.0", "http://bpmn.io/schema/dmn/biodi/2.0")
_REASONS = {
    "formKey": "form_key", "formRef": "form_key", "formRefBinding": "form_key",
    "formRefVersion": "form_key",
    "class": "code", "delegateExpression": "code", "expression": "code", "resultVariable": "code",
    "type": "code", "topic": "code", "connector": "code", "script": "code",
    "asyncBefore": "async", "asyncAfter": "async", "exclusive": "async", "jobPriority": "async",
    "failedJobRetryTimeCycle": "async", "taskPriority": "async",
    "executionListener": "listener", "taskListener": "listener",
    "inputOutput": "io", "in": "io", "out": "io",
    "assignee": "users", "candidateUsers": "users", "candidateStarterUsers": "users",
    "candidateStarterGroups": "users", "initiator": "users",
    "priority": "priority", "followUpDate": "follow_up",
    "historyTimeToLive": "engine_setting", "versionTag": "engine_setting",
    "isStartableInTasklist": "engine_setting", "properties": "properties",
}
MAX_VALUE = 80


def ignored(files: dict) -> list[dict]:
    """Every foreign attribute or extension element civicflow ignores, in file
    and document order, as {file, element_id, element_name, element_type,
    attribute, value, reason}. Unreadable files are skipped (validation names them)."""
    return sort_out(files)["ignored"]


def sort_out(files: dict) -> dict[str, list[dict]]:
    """{"ignored": what civicflow ignores, "read": the Camunda attributes and
    form data it does read (reason "read"), so the analyst knows where a task's
    role, deadline or form comes from}."""
    found = _entries(files)
    return {"ignored": [x for x in found if x["reason"] != "read"],
            "read": [x for x in found if x["reason"] == "read"]}


def _entries(files: dict) -> list[dict]:
    out = []
    for name in sorted(files):
        data = files[name]
        try:
            root = parse_xml(data.encode("utf-8") if isinstance(data, str) else data, name)
        except XmlRefused:
            continue
        out += _walk(name, root)
    return out


def _walk(file: str, root) -> list[dict]:
    out = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if _foreign_ns(_ns(el.tag)):
            # listed once, at its outermost foreign element, with what it holds
            reason = None if _inside_foreign(el) else _element_reason(el) or "read"
            if reason:
                out.append(_entry(file, _owner(el), _qname(el, el.tag), None, reason))
            continue
        for attr, value in el.attrib.items():
            if _foreign_ns(_ns(attr)):
                reason = _attribute_reason(el, attr, value) or "read"
                out.append(_entry(file, _owner(el), _qname(el, attr), value, reason))
    return out


def _inside_foreign(el) -> bool:
    parent = el.getparent()
    return parent is not None and _foreign_ns(_ns(parent.tag))


def _ns(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _foreign_ns(ns: str) -> bool:
    if not ns or ns in _READ_NS or ns in _TOOL_NS:
        return False
    return not ns.startswith(("http://www.omg.org/spec/", "https://www.omg.org/spec/"))


def _reason(tag: str) -> str:
    if _ns(tag) != camunda.CAMUNDA_NS:
        return "other_engine"
    return _REASONS.get(_local(tag), "camunda")


def _is_task(el) -> bool:
    return _ns(el.tag) == BPMN_NS and _local(el.tag) in TASK_TAGS


def _cf_task(el):
    """The <civicflow:task> and <civicflow:form> of a task element (None when absent)."""
    ext = el.find(f"{{{BPMN_NS}}}extensionElements")
    if ext is None:
        return None, None
    return ext.find(f"{{{CF_NS}}}task"), ext.find(f"{{{CF_NS}}}form")


def _element_reason(el) -> str | None:
    """None for camunda:formData of a task (read as its form), unless civicflow:form is there."""
    if _ns(el.tag) != camunda.CAMUNDA_NS or _local(el.tag) not in camunda.READ_ELEMENTS:
        return _reason(el.tag)
    ext = el.getparent()
    task = ext.getparent() if ext is not None else None
    if task is None or not _is_task(task):
        return _reason(el.tag)
    return "overridden" if _cf_task(task)[1] is not None else None


def _attribute_reason(el, attr: str, value: str) -> str | None:
    """None when civicflow reads the attribute (camunda.apply)."""
    name = _local(attr)
    if _ns(attr) != camunda.CAMUNDA_NS or name not in camunda.READ_ATTRIBUTES or not _is_task(el):
        return _reason(attr)
    if camunda.is_juel(value or ""):
        return "juel"
    props, _form = _cf_task(el)
    overridden = props is not None and (
        props.get("due") if name == "dueDate" else (props.get("role") or props.get("agency")))
    if overridden:
        return "overridden"
    if name == "assignee" and value.strip() not in ROLES:
        return "users"
    return None


def _owner(el):
    """The nearest element with an id: the one the analyst can select."""
    while el is not None and not el.get("id"):
        el = el.getparent()
    return el


def _qname(el, tag: str) -> str:
    prefix = {ns: p for p, ns in el.nsmap.items()}.get(_ns(tag))
    return f"{prefix}:{_local(tag)}" if prefix else _local(tag)


def _entry(file, owner, attribute, value, reason) -> dict:
    value = value if value is None or len(value) <= MAX_VALUE else value[:MAX_VALUE - 1] + "…"
    return {"file": file, "element_id": owner.get("id") if owner is not None else None,
            "element_name": (owner.get("name") or "") if owner is not None else "",
            "element_type": _local(owner.tag) if owner is not None else "",
            "attribute": attribute, "value": value, "reason": reason}
