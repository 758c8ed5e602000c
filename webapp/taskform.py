"""A task's form, from the fields its model declares (<civicflow:form>).

The browser gets plain HTML inputs; what comes back is handed to the engine,
which validates it against the same declarations (engine/models/forms.py).
"""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from engine.models.meta import Field
from engine.time import districts

from .datetime_fields import iso_datetime
from .i18n import current_locale
from .roc_dates import NotADate, parse_roc_date
from engine.data.schema import agency

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


class AgencyChoice(NamedTuple):
    code: str
    name_zh: str
    name_en: str
    group: int   # GROUPS: the <optgroup> it is offered under


# How officials look an agency up: the city's bureaus and first-level
# commissions (局處), then the district offices (區公所) together, then the
# rest (the city government itself, offices and committees under a bureau).
GROUPS = {"bureau": 1, "commission": 1, "district": 2}
OTHERS = 3


def agency_choices(conn) -> list[AgencyChoice]:
    """Active agencies in GROUPS' order: bureaus by name in the viewer's
    language, district offices in the city's own order of its districts
    (鹽埕、鼓山、左營…, not by code), the others by name."""
    rows = conn.execute(select(agency.c.code, agency.c.name_zh, agency.c.name_en, agency.c.kind,
                               agency.c.district).where(agency.c.active.is_(True))).all()
    english = current_locale() == "en"
    place = {d.code: i for i, d in enumerate(districts.all_districts())}

    def key(r):
        group = GROUPS.get(r.kind, OTHERS)
        name = (r.name_en if english else r.name_zh) or r.code
        return (group, place.get(r.district, len(place)) if group == 2 else 0, name, r.code)
    return [AgencyChoice(r.code, r.name_zh, r.name_en, GROUPS.get(r.kind, OTHERS))
            for r in sorted(rows, key=key)]
