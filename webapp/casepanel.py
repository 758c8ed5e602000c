"""What the case panel template (macros/case_panel.html) needs: the case file
as the viewer may see it, words for the model's codes and the steps' names."""
from __future__ import annotations

from engine.cases import casefile, queries

from . import labels
from .i18n import current_locale


def context(conn, viewer: queries.Viewer, case_row, shows: list[str] | None = None) -> dict:
    """`cf`, `labels` and `steps` for case_panel(cf, labels, steps)."""
    return {"cf": casefile.load(conn, viewer, case_row, shows),
            "labels": labels.for_case(conn, case_row.definition_id),
            "steps": steps(conn, case_row)}


def steps(conn, case_row) -> dict:
    """{element id: the step's name in the viewer's language} over the case's tasks."""
    locale = current_locale()
    out = {}
    for t in queries.case_tasks(conn, case_row.id):
        meta = queries.task_meta(conn, case_row.definition_id, t.element_id)
        named = getattr(meta, "label", None)   # a model's per-language task names
        out[t.element_id] = named(locale) if named else (t.name or t.element_id)
    return out
