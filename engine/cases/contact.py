"""Who to call about a case that has no petitioner: the fields a model names
in `<civicflow:start contact="reporter_name reporter_phone">` (a colleague
reporting a fault), shown with the case's words to whoever handles it."""
from __future__ import annotations

from . import queries


def declared_process(conn, case_row):
    """The case's own process declaration (ProcessMeta), None when unknown."""
    metas = queries._cached(conn, case_row.definition_id)[0]
    own = [p for p in metas if p.process_id == case_row.process_key]
    return own[0] if own else (metas[-1] if metas else None)


def of_case(conn, case_row, data: dict) -> list[tuple[str, str, str]]:
    """[(label_zh, label_en, value)] of the declared contact fields that hold a value."""
    process = declared_process(conn, case_row)
    names = process.start.contact if process and process.start else []
    labels = _labels(process, names)
    return [(*labels.get(n, (n, n)), str(data[n])) for n in names if data.get(n) not in (None, "")]


def _labels(process, names) -> dict:
    out = {}
    for meta in process.tasks.values():
        for f in meta.fields:
            if f.name in names:
                out.setdefault(f.name, (f.label_zh or f.name, f.label_en or f.label_zh or f.name))
    return out
