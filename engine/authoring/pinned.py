"""What the element a problem is pinned to is called, so the editor's problem
list names it as the analyst knows it (its name, else its kind; a DMN cell by
its decision and row) and never by its id, which stays in the problem for
selecting the element."""
from __future__ import annotations

from engine.models.parsing import kind
from .elements import local

ROW_PARTS = ("inputEntry", "outputEntry", "description")


def words(root) -> dict[str, dict]:
    """{element id: {element_name, element_type, row}} of one parsed file;
    `row` (1-based) only for a DMN rule row and its cells."""
    return _dmn(root) if kind(root) == "dmn" else _bpmn(root)


def _bpmn(root) -> dict[str, dict]:
    return {el.get("id"): _said(el.get("name"), local(el))
            for el in root.iter() if isinstance(el.tag, str) and el.get("id")}


def _dmn(root) -> dict[str, dict]:
    out = {}
    for decision in (e for e in root.iter() if local(e) == "decision"):
        name = decision.get("name")
        out[decision.get("id")] = _said(name, "decision")
        for table in (t for t in decision if local(t) == "decisionTable"):
            out[table.get("id")] = _said(name, "decision")
            out.update(_columns(table))
            for n, rule in enumerate((r for r in table if local(r) == "rule"), 1):
                out[rule.get("id")] = _said(name, "decision", n)
                out.update({c.get("id"): _said(name, "decision", n) for c in rule.iter()
                            if local(c) in ROW_PARTS})
    out.pop(None, None)
    return out


def _columns(table) -> dict[str, dict]:
    """A column, and its expression, by the column's label."""
    out = {}
    for column in (c for c in table if local(c) in ("input", "output")):
        said = _said(column.get("label") or column.get("name"), local(column))
        out[column.get("id")] = said
        out.update({e.get("id"): said for e in column if local(e) == "inputExpression"})
    return out


def _said(name, element_type: str, row: int | None = None) -> dict:
    return {"element_name": (name or "").strip(), "element_type": element_type, "row": row}
