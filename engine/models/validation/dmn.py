"""Checks on DMN decision tables: every input expression, rule entry and
output entry must compile and pass the sandbox, as SpiffWorkflow will
combine them at run time."""
from __future__ import annotations

import ast
import re

from .bpmn import expression_message
from .report import Problem

# SpiffWorkflow's DMNEngine replaces '?' outside quotes with the input value.
_QUESTION = re.compile(r'(\?)(?=(?:[^\'"]|[\'"][^\'"]*[\'"])*$)')
_FEEL = re.compile(r'^\s*(\[|\]|\(.*\.\..*\)|not\s*\(|".*"\s*$)')


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
        out += _cell(file, column.id, lines, input_expression(column), "DMN input expression")
    for rule in table.rules:
        for entry in rule.inputEntries:
            for lhs in entry.lhs:
                if lhs is not None and lhs.strip():
                    expr = rule_expression(input_expression(entry.input) or "v", lhs)
                    out += _cell(file, entry.id, lines, expr, "DMN rule", lhs)
        for entry in rule.outputEntries:
            if getattr(entry, "text", None):
                out += _cell(file, entry.id, lines, entry.text, "DMN output")
    return out


def _cell(file, element_id, lines, expression, what, shown=None) -> list[Problem]:
    if expression is None or not expression.strip():
        return [Problem(file, element_id, lines.get(element_id), "expression",
                        f"{what} is empty (and the input's label names no data field)",
                        f"{what} 是空的（標籤也不是資料欄位名稱）")]
    found = expression_message(expression, "eval", what)
    if not found:
        return []
    en, zh = found
    if _FEEL.match(shown or expression):
        en += ". DMN cells are Python expressions, not FEEL (write e.g. `? in ('a', 'b')`)"
        zh += "。DMN 儲存格使用 Python 運算式而非 FEEL"
    return [Problem(file, element_id, lines.get(element_id), "expression", en, zh)]
