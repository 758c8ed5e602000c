"""Read Camunda 7 task attributes as civicflow's, so that a model drawn in the
Camunda Modeler keeps its candidate groups, due dates and forms.

Only what the civicflow extension leaves unset is filled in; JUEL values
(`${...}`) cannot run here and are ignored (validation names them).
"""
from __future__ import annotations

import re

from engine import sandbox

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_TYPES = {"string": "text", "long": "integer", "integer": "integer", "boolean": "boolean",
          "date": "date", "enum": "choice", "double": "decimal"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$")
# What apply() reads from a task: everything else in the Camunda namespace is
# ignored (engine/authoring/ignored.py lists it for the analyst).
READ_ATTRIBUTES = ("candidateGroups", "assignee", "dueDate")
READ_ELEMENTS = ("formData",)


def _c(name: str) -> str:
    return f"{{{CAMUNDA_NS}}}{name}"


def apply(el, meta, roles, field_class):
    """Fill `meta` (a TaskMeta) from the Camunda attributes of task element `el`."""
    group = _first((el.get(_c("candidateGroups")) or "").split(","))
    assignee = (el.get(_c("assignee")) or "").strip()
    if not meta.role and not meta.agency_expr:
        if group in roles or assignee in roles:
            meta.role = group if group in roles else assignee
        elif group and not is_juel(group):
            meta.agency_expr = repr(group)
    if not meta.due_expr:
        meta.due_expr = _due(el.get(_c("dueDate")))
    if not meta.fields:
        meta.fields = [_field(f, field_class) for f in _form_fields(el)]
    return meta


def _first(values):
    for value in values:
        if value.strip():
            return value.strip()
    return ""


def is_juel(text: str) -> bool:
    return "${" in text or "#{" in text


def _due(text):
    text = (text or "").strip()
    if not text or is_juel(text):
        return None
    if _ISO_DATE.match(text):
        return repr(text)
    return text if sandbox.check(text, "eval") is None else None


def _form_fields(el):
    ext = el.find(f"{{{BPMN_NS}}}extensionElements")
    if ext is None:
        return []
    return list(ext.iter(_c("formField")))


def _field(el, field_class):
    constraints = {c.get("name"): c.get("config") for c in el.iter(_c("constraint"))}
    kind = _TYPES.get((el.get("type") or "string").lower(), "text")
    return field_class(
        name=el.get("id") or "", type=kind,
        required="required" in constraints,
        label_zh=el.get("label") or "", label_en=el.get("label") or "",
        choices=[[v.get("id"), v.get("name") or "", v.get("name") or ""]
                 for v in el.iter(_c("value"))] if kind == "choice" else [],
        min=_number(constraints.get("min")), max=_number(constraints.get("max")),
        maxlength=_int(constraints.get("maxlength")),
        default=el.get("defaultValue"),
    )


def _number(text):
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _int(text):
    number = _number(text)
    return int(number) if number is not None else None
