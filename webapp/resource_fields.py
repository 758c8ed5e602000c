"""The cars, drivers and rooms a model's `resource` choice field offers
(engine/models/meta.py Field.resource), and a booking's time range in words.

With the time range the field's `during` names known (the dispatcher's
assignment form), the free ones come first and the taken ones follow, each
with the case and time that hold it, so the dispatcher sees the conflict
before choosing. Without it (a start form) every active one is offered.
"""
from __future__ import annotations

import json
from dataclasses import replace

from flask_babel import gettext as _

from engine.resources import catalogue, reservations
from engine.resources.reservations import ReservationRefused

from .i18n import _taipei, current_locale, roc_dt_short


def with_choices(conn, fields: list, case_row=None) -> list:
    """`fields` with each resource field's choices filled for this case."""
    if not any(f.resource for f in fields):
        return fields
    data = json.loads(case_row.summary or "{}") if case_row is not None else {}
    case_id = case_row.id if case_row is not None else None
    return [replace(f, choices=_choices(conn, f, data, case_id)) if f.resource else f
            for f in fields]


def booking_range(starts_at, ends_at) -> str:
    """115/12/01 09:00–12:00 (the end's day only when it differs)."""
    start, end = _taipei(starts_at), _taipei(ends_at)
    if start is None or end is None:
        return ""
    tail = f"{end:%H:%M}" if start.date() == end.date() else roc_dt_short(end)
    return f"{roc_dt_short(start)}–{tail}"


def resource_name(row) -> str:
    return resource_label(row.kind, row.code, row.name_zh, row.name_en)


def resource_label(kind, code, name_zh, name_en) -> str:
    """A car by its plate and name; a driver or a room by name (their codes are the office's)."""
    name = (name_en if current_locale() == "en" else name_zh) or code
    return f"{code} {name}" if kind == "car" else name


def _choices(conn, f, data: dict, case_id) -> list:
    start, end = (data.get(n) for n in ((f.during or "").split() + ["", ""])[:2])
    pairs = None
    if start and end:
        try:
            pairs = reservations.availability(conn, f.resource, start, end, exclude_case=case_id)
        except ReservationRefused:
            pairs = None   # an unreadable range: offer them all, the reservation says why
    if pairs is None:
        pairs = [(r, None) for r in catalogue.list_resources(conn, f.resource, active_only=True)]
    return [[row.code, *([_label(row, held)] * 2)] for row, held in pairs]


def _label(row, held) -> str:
    seats = _(" (%(n)s seats)", n=row.capacity) if row.capacity and row.kind == "car" else \
        _(" (%(n)s people)", n=row.capacity) if row.capacity and row.kind == "room" else ""
    if held is None:
        return resource_name(row) + seats
    return _("%(name)s: reserved by case %(number)s, %(range)s", name=resource_name(row),
             number=held["number"], range=booking_range(held["starts_at"], held["ends_at"]))
