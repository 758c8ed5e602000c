"""Checks on DMN decision tables: every input expression, rule entry and
output entry must compile and pass the sandbox, as SpiffWorkflow will
combine them at run time; and (a warning, not a refusal) the rows of a
Unique table that can match the same input (`unique_overlaps`)."""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .bpmn import expression_message
from .report import Problem

# SpiffWorkflow's DMNEngine replaces '?' outside quotes with the input value.
_QUESTION = re.compile(r'(\?)(?=(?:[^\'"]|[\'"][^\'"]*[\'"])*$)')
_FEEL = re.compile(r'^\s*(\[|\]|\(.*\.\..*\)|not\s*\(|".*"\s*$)')
# What each cell is called, in English and as the editor names it in zh-TW.
INPUT = ("DMN input expression", "決策表輸入欄的運算式")
RULE = ("DMN rule", "決策表規則儲存格")
OUTPUT = ("DMN output", "決策表輸出儲存格")


def rule_expression(input_expr: str, entry: str) -> str:
    """The Python expression SpiffWorkflow 3.2 evaluates for one rule cell."""
    match = _QUESTION.sub("dmninputexpr", entry)
    if "dmninputexpr" in match:
        return match
    try:
        ast.parse(entry)
        return f"({input_expr}) == ({entry})"
    except SyntaxError:
        return input_expr + entry


def input_expression(column) -> str | None:
    """What SpiffWorkflow evaluates for an input column: its expression, or
    (backwards compatibility) the task data value named by its label."""
    if (column.expression or "").strip():
        return column.expression
    label = (column.label or "").strip()
    return label if label.isidentifier() else None


def table_problems(file: str, table, lines: dict) -> list[Problem]:
    out = []
    for column in table.inputs:
        out += _cell(file, column.id, lines, input_expression(column), INPUT)
    for rule in table.rules:
        for entry in rule.inputEntries:
            for lhs in entry.lhs:
                if lhs is not None and lhs.strip():
                    expr = rule_expression(input_expression(entry.input) or "v", lhs)
                    out += _cell(file, entry.id, lines, expr, RULE, lhs)
        for entry in rule.outputEntries:
            if getattr(entry, "text", None):
                out += _cell(file, entry.id, lines, entry.text, OUTPUT)
    return out


def _cell(file, element_id, lines, expression, what, shown=None) -> list[Problem]:
    if expression is None or not expression.strip():
        return [Problem(file, element_id, lines.get(element_id), "expression",
                        f"{what[0]} is empty (and the input's label names no data field)",
                        f"{what[1]}是空的（標籤也不是資料欄位名稱）")]
    found = expression_message(expression, "eval", what)
    if not found:
        return []
    en, zh = found
    if _FEEL.match(shown or expression):
        en += ". DMN cells are Python expressions, not FEEL (write e.g. `? in ('a', 'b')`)"
        zh += "。決策表的儲存格須寫 Python 運算式，例如 ? in ('a', 'b')"
    return [Problem(file, element_id, lines.get(element_id), "expression", en, zh)]


# ---- rows of a Unique table that can match the same input ------------------
# SpiffWorkflow 3 takes the first matching row of a UNIQUE table, so an
# overlapping row later in the table is silently never used. Only what can be
# decided for sure is reported: "-" (any) and literal values (equal or not);
# a row with another expression in the same column is left alone.
ANY = ("any", None)


@dataclass
class Overlap:
    decision_id: str
    decision_name: str
    row: int                  # 1-based, the later row
    rule_id: str | None
    earlier: list[int]        # earlier rows it can match together with
    shared: list[tuple[int, tuple]]   # (column, entry) both rows ask for; only with one earlier row
    line: int | None = None


def cell_kind(text: str | None) -> tuple:
    """("any", None), ("lit", value) or ("expr", text) of one input cell."""
    text = (text or "").strip()
    if text in ("", "-"):
        return ANY
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return ("expr", text)
    return ("lit", value) if isinstance(value, (str, int, float, bool)) else ("expr", text)


def _together(a: list, b: list) -> list | None:
    """The cells two rows share when some input can match both, else None
    (they cannot, or it cannot be told)."""
    shared = []
    for column, (x, y) in enumerate(zip(a, b)):
        if x == ANY or y == ANY:
            if x != y:
                shared.append((column, y if x == ANY else x))
        elif x[0] == y[0] == "lit" and x[1] == y[1]:
            shared.append((column, x))
        else:
            return None
    return shared


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _rows(table) -> list:
    rules = [r for r in table if _local(r) == "rule"]
    return [(r, [cell_kind(next((t.text for t in c if _local(t) == "text"), None))
                 for c in r if _local(c) == "inputEntry"]) for r in rules]


def unique_overlaps(root) -> list[Overlap]:
    """Every row of a UNIQUE decision table of a DMN document that an earlier row
    can match together with."""
    out = []
    for decision in (e for e in root.iter() if _local(e) == "decision"):
        for table in (t for t in decision if _local(t) == "decisionTable"):
            if (table.get("hitPolicy") or "UNIQUE").strip().upper() == "UNIQUE":
                out += _table_overlaps(decision, _rows(table))
    return out


def _table_overlaps(decision, rows) -> list[Overlap]:
    out = []
    for n, (rule, cells) in enumerate(rows):
        found = [(i + 1, shared) for i, (_r, earlier) in enumerate(rows[:n])
                 if (shared := _together(earlier, cells)) is not None]
        if found:
            out.append(Overlap(decision.get("id") or "", decision.get("name") or "", n + 1,
                               rule.get("id"), [i for i, _s in found],
                               found[0][1] if len(found) == 1 else [], rule.sourceline))
    return out
