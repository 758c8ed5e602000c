"""Conditional form fields: `when="handling_action=reply"` on a <civicflow:field>.

A condition names another field of the same form and the values for which
the field applies: `name=v1|v2` applies when that field's value is one of
them, `name!=v1|v2` when it is none of them. The controlling field is a
choice, a multichoice (any chosen value matches) or a boolean (`true` or
`false`). A field whose condition does not hold is neither shown nor
required, and whatever was sent for it is dropped; a field whose controlling
field does not apply does not apply either.

Declarative on purpose: no expression is evaluated, so the browser can show
and hide fields with the same rule (webapp/static/js/conditional-fields.js)
and deploy-time validation can name an unknown field or choice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SYNTAX = re.compile(r"^\s*([A-Za-z_]\w*)\s*(!?=)\s*([^|=!\s]+(?:\s*\|\s*[^|=!\s]+)*)\s*$")
CONTROL_TYPES = ("choice", "multichoice", "boolean")


@dataclass(frozen=True)
class Condition:
    field: str
    negate: bool
    values: tuple[str, ...]

    def holds(self, value) -> bool:
        hit = any(word in self.values for word in words(value))
        return hit != self.negate


def parse(text: str | None) -> Condition | None:
    """The condition of a `when` attribute; None when there is none.
    Raises ValueError when the text is not `name=value[|value...]`."""
    if text is None or not text.strip():
        return None
    match = SYNTAX.match(text)
    if not match:
        raise ValueError(f"condition {text!r} is not of the form name=value or name=value1|value2")
    values = tuple(v.strip() for v in match.group(3).split("|"))
    return Condition(match.group(1), match.group(2) == "!=", values)


def words(value) -> list[str]:
    """A field's value as the words a condition compares with."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def applying(fields, values: dict) -> set[str]:
    """Names of the fields that apply, given the (cleaned) `values`."""
    by_name = {f.name: f for f in fields}
    memo: dict[str, bool] = {}

    def applies(name: str, seen: frozenset) -> bool:
        if name not in memo:
            cond = _safe_parse(by_name[name].when)
            memo[name] = cond is None or (
                cond.field in by_name and cond.field not in seen
                and applies(cond.field, seen | {name}) and cond.holds(values.get(cond.field)))
        return memo[name]
    return {f.name for f in fields if applies(f.name, frozenset())}


def _safe_parse(text):
    # A model that deploys has valid conditions; an invalid one never hides a field.
    try:
        return parse(text)
    except ValueError:
        return None


def problems(fields) -> list[tuple[str, str]]:
    """Deploy-time problems of the fields' conditions as (English, zh-TW)."""
    by_name = {f.name: f for f in fields}
    out = []
    for f in fields:
        out.extend(_field_problems(f, by_name))
    out.extend(_cycle_problems(fields, by_name))
    return out


def _field_problems(f, by_name: dict) -> list[tuple[str, str]]:
    try:
        cond = parse(f.when)
    except ValueError:
        return [(f"form field '{f.name}': condition '{f.when}' is not of the form "
                 f"name=value or name=value1|value2",
                 f"表單欄位「{f.name}」的條件「{f.when}」格式不正確，應為「欄位=值」或「欄位=值1|值2」")]
    if cond is None:
        return []
    other = by_name.get(cond.field)
    if other is None or other is f:
        return [(f"form field '{f.name}': condition names '{cond.field}', which is not another field of this form",
                 f"表單欄位「{f.name}」的條件引用「{cond.field}」，但本表單沒有這個其他欄位")]
    if other.type not in CONTROL_TYPES:
        return [(f"form field '{f.name}': condition field '{cond.field}' must be a choice, multichoice "
                 f"or boolean field, not {other.type}",
                 f"表單欄位「{f.name}」的條件欄位「{cond.field}」須為選項、多選或是非欄位")]
    return _value_problems(f, cond, other)


def _value_problems(f, cond: Condition, other) -> list[tuple[str, str]]:
    allowed = ["true", "false"] if other.type == "boolean" else [c[0] for c in other.choices]
    return [(f"form field '{f.name}': condition value '{v}' is not a choice of '{other.name}' "
             f"({', '.join(allowed)})",
             f"表單欄位「{f.name}」的條件值「{v}」不是欄位「{other.name}」的選項（{'、'.join(allowed)}）")
            for v in cond.values if v not in allowed]


def _cycle_problems(fields, by_name: dict) -> list[tuple[str, str]]:
    out = []
    for f in fields:
        name, seen = f.name, []
        while name in by_name and name not in seen:
            seen.append(name)
            cond = _safe_parse(by_name[name].when)
            name = cond.field if cond else None
        if name == f.name and len(seen) > 1:
            chain = " → ".join(seen + [name])
            out.append((f"form field '{f.name}': conditions go round in a circle ({chain})",
                        f"表單欄位「{f.name}」的條件互相循環（{chain}）"))
    return out
