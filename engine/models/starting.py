"""What a step's form shows before anyone has posted it.

A field may start from a case variable an earlier step recorded
(`starts_from="content"`): the read-back of an oral petition (Art. 169)
starts from the petition as registered, which the clerk then corrects
instead of typing it again. A refused form shown again keeps what was
posted; these starting values are only for the first look.
"""
from __future__ import annotations

from .attribute_words import FIELD_ZH

# `f`: a meta.Field (meta.py imports this module, so it is not imported here).


def values(fields: list, own: dict, case: dict) -> dict:
    """Per field: its own value the case holds (`own`), else the case
    variable its `starts_from` names (`case`), else its `default`. A blank
    value is nothing recorded (a model's script starts its variables as '';
    a form never records ''): it hides neither the variable nor the default."""
    out = {}
    for f in fields:
        for value in (own.get(f.name), _started(f, case), f.default):
            if value is not None and value != "" and value != []:
                out[f.name] = value
                break
    return out


def _started(f, case: dict):
    return case.get(f.starts_from) if f.starts_from else None


def problems(f):
    """(English, zh-TW) for a `starts_from` that names no variable, or that
    would answer a decision or a confirmation for the person (nobody
    decides nor confirms by leaving a box as it came)."""
    if not f.starts_from:
        return
    words = f"「{FIELD_ZH['starts_from']}」"
    if not f.starts_from.isidentifier():
        yield (f"field '{f.name}': starts_from is not a variable name: '{f.starts_from}'",
               f"欄位「{f.name}」的{words}所指的「{f.starts_from}」不是變數名稱")
    if f.decision or f.confirm:
        yield (f"field '{f.name}' is a decision or a confirmation, which the person answers "
               "themselves: remove starts_from",
               f"欄位「{f.name}」是決定或確認，須由承辦人自行作答：請移除{words}")
