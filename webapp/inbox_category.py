"""What the inbox's 類別 (category) column says of a case whose data has no
`category`: the field its model names in `<civicflow:start category="trade">`
(the trade of a repair, the room of a booking), in words; else the process's
own name, so the column never reads "—" for a department's process."""
from __future__ import annotations

import json

from sqlalchemy import select

from engine.cases import contact
from engine.data.schema import case
from engine.resources import catalogue

from .i18n import current_locale
from .labels import choice_label, process_label


def cells(conn, rows, labels: dict) -> dict:
    """{case id: words} for the rows without a stored category."""
    bare = {r.case_id: r for r in rows if not r.category}
    if not bare:
        return {}
    summaries = dict(conn.execute(select(case.c.id, case.c.summary).where(case.c.id.in_(bare))).all())
    return {cid: _words(conn, r, json.loads(summaries.get(cid) or "{}"), labels[r.definition_id])
            for cid, r in bare.items()}


def _words(conn, row, data: dict, labels: dict) -> str:
    process = _process(conn, row)
    field = process.start.category if process and process.start else ""
    value = data.get(field) if field else None
    if value not in (None, ""):
        resource = catalogue.get(conn, str(value)) if _is_resource(process, field) else None
        if resource is not None:
            return resource.name_zh if _zh() else (resource.name_en or resource.name_zh)
        return choice_label(labels, field, value)
    if process and process.start and process.start.name_zh:
        start = process.start
        return start.name_zh if _zh() else (start.name_en or start.name_zh)
    return process_label(process) if process else "—"


def _process(conn, row):
    return contact.declared_process(conn, row)


def _is_resource(process, field: str) -> bool:
    return any(getattr(f, "resource", None) for t in process.tasks.values()
               for f in t.fields if f.name == field)


def _zh() -> bool:
    return current_locale() != "en"
