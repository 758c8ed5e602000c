"""The tables and values a task's model declares beside its form
(`<civicflow:table>`, `<civicflow:value>`: engine/models/shown_data.py), in
the reader's words: the chief approving a records audit reads each office's
score and grade by the office's name, never its code.

The values come from the task's own data as stored (engine/cases/task_data):
one query, and only for a task that declares something. They are what
scripts made of the case's data, so untrusted: the template escapes them,
a row that is no record is skipped and a table shows at most MAX_ROWS rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import islice

from engine.cases import task_data
from engine.models import identity

from .i18n import roc_date
from .labels import agency_label, agency_names

MAX_ROWS = 500


@dataclass
class Shown:
    label: str
    headers: list[str]
    rows: list[list[str]] | None = None   # None: the variable is not a list (未登錄)
    total: int = 0                        # records in the list; more than rows when capped


def for_task(conn, task_row, meta, locale: str, words: dict | None = None) -> dict:
    """{"values": [(label, text or "")], "tables": [Shown]} for the page, {}
    when the task declares none. `words`: the case panel's labels when the
    page read them (the agencies' names), else they are read here."""
    if meta is None or not (getattr(meta, "tables", None) or getattr(meta, "values", None)):
        return {}
    words = words if words is not None else {"agencies": agency_names(conn)}
    # Art. 170: validation refuses a petitioner's field here; never shown regardless.
    names = [n for n in [t.name for t in meta.tables] + [v.key for v in meta.values]
             if not identity.is_identity(n)]
    data = task_data.values(conn, task_row.case_id, task_row.id, names)
    return {"values": [(v.label(locale), cell(v, data.get(v.key), words, locale))
                       for v in meta.values if v.key in names],
            "tables": [table(t, data.get(t.name), words, locale)
                       for t in meta.tables if t.name in names]}


def table(t, value, words: dict, locale: str) -> Shown:
    """A declared table over `value`: its records' declared keys, in order."""
    columns = [c for c in t.columns if not identity.is_identity(c.key)]
    shown = Shown(t.label(locale), [c.label(locale) for c in columns])
    if not isinstance(value, list):
        return shown
    records = [r for r in value if isinstance(r, dict)]
    shown.total = len(records)
    shown.rows = [[cell(c, r.get(c.key), words, locale) for c in columns]
                  for r in islice(records, MAX_ROWS)]
    return shown


def cell(column, value, words: dict, locale: str) -> str:
    """One value in the reader's words: an agency by its name, yes/no by the
    column's words, a date as officials read it (民國115年3月2日), a value the
    model words by its choice's words; "" for none."""
    if value is None or value == "":
        return ""
    if isinstance(value, list):
        sep = ", " if locale.startswith("en") else "、"
        return sep.join(cell(column, v, words, locale) for v in value)
    if isinstance(value, bool) or column.type == "boolean":
        return column.answer_word(bool(value), locale)
    if column.type == "agency" and isinstance(value, str):
        return agency_label(words, value)
    if column.type == "date":
        return _day(value, locale)
    return column.choice_label(value, locale) or str(value)


def _day(value, locale: str) -> str:
    """A date (2026-03-02) or instant (…T09:00:00+08:00, its day in Taipei)."""
    text = str(value)
    try:
        return roc_date(date.fromisoformat(text) if len(text) == 10 else text, locale)
    except ValueError:
        return text
