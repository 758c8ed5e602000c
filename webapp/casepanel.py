"""What the case panel template (macros/case_panel.html) needs: the case file
as the viewer may see it, words for the model's codes and the steps' names."""
from __future__ import annotations

from engine.cases import casefile, contact, queries

from . import labels
from .i18n import current_locale


def context(conn, viewer: queries.Viewer, case_row, shows: list[str] | None = None) -> dict:
    """`cf`, `labels` and `steps` for case_panel(cf, labels, steps)."""
    cf = casefile.load(conn, viewer, case_row, shows)
    words = labels.for_case(conn, case_row.definition_id)
    words["words"] = _own_words(conn, case_row, cf)
    return {"cf": cf, "labels": words, "steps": steps(conn, case_row)}


def _own_words(conn, case_row, cf) -> str | None:
    """A model whose start form keeps the person's words under its own name
    (the consumer complaint's 爭議內容, `claim_text`) rather than `content`:
    its start form's first long text becomes the case's words, headed by that
    field's label. None when the case has `content` (or shows no words)."""
    if cf.content or not cf.shows("content"):
        return None
    process = contact.declared_process(conn, case_row)
    start = process.start if process else None
    meta = process.tasks.get(start.task) if start else None
    field = next((f for f in (meta.fields if meta else []) if f.type == "textarea"), None)
    value = casefile.case_data(conn, case_row).get(field.name) if field else None
    if not value:
        return None
    cf.content = str(value)
    return field.label(current_locale())


def steps(conn, case_row) -> dict:
    """{element id: the step's name in the viewer's language} over the case's tasks."""
    locale = current_locale()
    out = {}
    for t in queries.case_tasks(conn, case_row.id):
        meta = queries.task_meta(conn, case_row.definition_id, t.element_id)
        named = getattr(meta, "label", None)   # a model's per-language task names
        out[t.element_id] = named(locale) if named else (t.name or t.element_id)
    return out
