"""What a model calls its elements, for pages that report on them by id (the
test-run's decisions, what is still open, errors; the comparison's fields and
rules): each BPMN element, DMN decision (by its own id and its table's) and
DMN rule row by id, with its kind and its form fields' labels. Names are as
the model writes them ("收件 Received"): the page picks the viewer's half."""
from __future__ import annotations

from typing import NamedTuple

from engine.models.parsing import kind
from . import dmnwords, elements as read
from .parsed import parse_files


class Named(NamedTuple):
    name: str                 # as written, possibly bilingual; "" when unnamed
    type: str                 # the XML tag: userTask, boundaryEvent, decision, rule
    fields: dict = {}         # form field name -> (label_zh, label_en)


def of(files: dict) -> dict[str, Named]:
    """`files`: {filename: xml (str or bytes) or Parsed}; a file that does not
    parse is skipped."""
    found: dict[str, Named] = {}
    for parsed in parse_files(files).values():
        root = parsed.root
        if root is None:
            continue
        for el in read.elements(root):
            fields = {k: (f.get("label_zh") or "", f.get("label_en") or "") for k, f in el.fields.items()}
            found.setdefault(el.id, Named(el.name, el.type, fields))
            for rule_id, rule in el.rules.items():
                found.setdefault(rule_id, Named(rule.get("description") or "", "rule"))
        if kind(root) == "dmn":
            found.update(_outputs(root, found))
            found.update(_tables(root, found))
    return found


def _outputs(root, found: dict) -> dict:
    """A decision's output columns as its "fields", by their labels ("Responsible
    agency 主辦機關"), so the test-run says 主辦機關, not responsible_agency."""
    out = {}
    for decision in (e for e in root.iter() if read.local(e) == "decision"):
        named = found.get(decision.get("id"))
        columns = {o.get("name"): tuple(dmnwords.halves(o.get("label") or o.get("name")))
                   for o in decision.iter() if read.local(o) == "output" and o.get("name")}
        if named is not None and columns:
            out[decision.get("id")] = named._replace(fields={**named.fields, **columns})
    return out


def _tables(root, found: dict) -> dict:
    """The test-run names a decision by its table's id: the same words."""
    out = {}
    for decision in (e for e in root.iter() if read.local(e) == "decision"):
        table = next((c for c in decision if read.local(c) == "decisionTable"), None)
        if table is not None and table.get("id") and decision.get("id") in found:
            out.setdefault(table.get("id"), found[decision.get("id")])
    return {k: v for k, v in out.items() if k not in found}


def field_label(names: dict, element_id: str | None, field: str) -> tuple[str, str] | None:
    """A form field's (zh, en) label: the element's own form first, else any
    form of the model that defines the field (a start form's errors carry no element)."""
    own = names.get(element_id) if element_id else None
    if own is not None and field in own.fields:
        return own.fields[field]
    return next((n.fields[field] for n in names.values() if field in n.fields), None)
