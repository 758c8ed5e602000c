"""JSON shapes of cases and tasks (instants in ISO 8601, Asia/Taipei)."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_babel import force_locale

from engine.time.clock import TAIPEI

from .. import labels
from .language import api_locale


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(TAIPEI).isoformat(timespec="seconds")


def task_json(t, metas: dict | None = None) -> dict:
    """A task row; its `name` as the pages show it, by the declarations of
    its case's model (`metas`: {element id: TaskMeta}, queries.task_metas)."""
    out = {"id": t.id, "case_id": t.case_id, "element_id": t.element_id,
           "name": step_name(t, metas),
           "process": t.process_key, "agency": t.candidate_agency, "role": t.candidate_role,
           "assignee": t.assignee, "state": t.state, "priority": t.priority,
           "created_at": iso(t.created_at), "due_at": iso(t.due_at),
           "completed_at": iso(t.completed_at), "completed_by": t.completed_by,
           "item": getattr(t, "item", None)}   # what one of like tasks is about (an office)
    if hasattr(t, "number"):
        out.update(case_number=t.number, case_title=t.title, category=t.category)
    return out


def step_name(t, metas: dict | None = None) -> str:
    """The step's name in the token user's language, as the model names it:
    未命名步驟 for a step it names not, never its element id (that is
    `element_id`, for programs)."""
    with force_locale(api_locale()):
        return labels.step_name((metas or {}).get(t.element_id), t.name, t.element_id)


def case_json(c) -> dict:
    return {"id": c.id, "number": c.number, "process": c.process_key, "status": c.status,
            "title": c.title, "category": c.category, "channel": c.channel,
            "district": c.district, "responsible_agency": c.responsible_agency,
            "priority": c.priority, "confidential": bool(c.confidential),
            "received_at": iso(c.received_at), "due_at": iso(c.due_at),
            "closed_at": iso(c.closed_at), "updated_at": iso(c.updated_at),
            "escalation_level": c.escalation_level, "extended": bool(c.extended),
            "version": c.version}


def field_json(f) -> dict:
    return {"name": f.name, "type": f.type, "required": f.required, "label_zh": f.label_zh,
            "label_en": f.label_en, "choices": [c[0] for c in f.choices], "min": f.min,
            "max": f.max, "maxlength": f.maxlength, "default": f.default}
