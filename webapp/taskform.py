"""A task's form, from the fields its model declares (<civicflow:form>).

The browser gets plain HTML inputs; what comes back is handed to the engine,
which validates it against the same declarations (engine/models/forms.py).
"""
from __future__ import annotations

from engine.models.meta import Field

from .agency_groups import choices as agency_choices  # noqa: F401 (the pages' agency lists)
from .datetime_fields import iso_datetime
from .roc_dates import NotADate, parse_roc_date

LIST_TYPES = ("multichoice", "agencies")


def defaults(fields: list[Field]) -> dict:
    return {f.name: f.default for f in fields if f.default is not None}


def submitted(fields: list[Field], form) -> dict:
    """Raw values of the declared fields only; empty ones are left out so the
    engine reports a missing required field as 'required'."""
    values = {}
    for f in fields:
        if f.type in LIST_TYPES:
            items = [v for v in form.getlist(f.name) if v]
            if items:
                values[f.name] = items
        elif f.type == "boolean" and f.decision:
            chosen = chosen_answer(form, f.name)
            if chosen is not None:   # nothing chosen: the engine refuses it
                values[f.name] = chosen
        elif f.type == "boolean":
            values[f.name] = ticked(form, f.name)
        else:
            raw = form.get(f.name, "")
            if raw.strip():
                values[f.name] = TYPED.get(f.type, str)(raw)
    return values


def reshown(fields: list[Field], posted, first: dict):
    """A refused form's values: exactly what was posted (a select left on
    「— 請選擇 —」 stays so), and for a one-value field the post did not carry
    at all (its condition hid it: the browser sends no disabled input) what
    the first look showed, so it reappears as it was. A box or a list sends
    nothing when left empty: there an absent name is the answer."""
    out = posted.copy()
    for f in fields:
        single = f.type not in LIST_TYPES and f.type != "boolean"
        if single and f.name not in posted and first.get(f.name) is not None:
            out[f.name] = first[f.name]
    return out


def iso_date(raw: str) -> str:
    """A date typed as officials write it (115/03/02, 民國115年3月2日) as the
    engine reads it (2026-03-02); anything else goes on for the engine to refuse."""
    try:
        return parse_roc_date(raw).isoformat()
    except NotADate:
        return raw


# Dates and times typed as officials write them, stored as ISO.
TYPED = {"date": iso_date, "datetime": iso_datetime}


def ticked(form, name: str) -> bool:
    """A checkbox is ticked when any value sent under its name is "true": a
    form may also carry a hidden "false" fallback, and which comes first
    depends on the page, so the first value alone decides nothing."""
    sent = form.getlist(name) if hasattr(form, "getlist") else [form.get(name)]
    return any(str(v).strip().lower() in ("true", "on", "1") for v in sent if v is not None)


def chosen_answer(form, name: str) -> str | None:
    """A decision's radio button: "true" or "false" as chosen, None when
    neither was (never a default: nobody decides by omission)."""
    raw = form.get(name)
    return raw.strip().lower() if isinstance(raw, str) and raw.strip() else None
