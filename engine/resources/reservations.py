"""Holding a resource for a case's time range, refusing an overlap.

Ranges are half-open [starts_at, ends_at): a trip back at 12:00 and one
leaving at 12:00 do not collide. Two held reservations of one resource may
not overlap. On PostgreSQL the database enforces it (the exclusion
constraint of migration 0010): the check here gives the refusal its words,
and a concurrent insert that slipped past it fails on the constraint inside
a savepoint and is told the same way. On SQLite every command's transaction
starts with BEGIN IMMEDIATE, so the check and the insert run alone.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from engine.data.errors import EngineError
from engine.data.schema import case, reservation, resource
from engine.time.clock import parse_iso, to_iso
from engine.time.deadlines import as_utc

from . import catalogue


class ReservationRefused(EngineError):
    """A reservation that cannot be made; `code` says why, `params` with what
    (for a taken resource: the case holding it and its time range)."""
    status = 409

    def __init__(self, message: str, code: str, **params):
        super().__init__(message, code=code, **params)
        self.code, self.params = code, params


def reserve(conn, *, code: str, case_id: int, starts_at, ends_at, now: datetime,
            min_capacity: int | None = None) -> dict:
    """Hold resource `code` for the case; refused when it is unknown,
    inactive, holds fewer than `min_capacity`, the range is empty or another
    held reservation overlaps."""
    row = catalogue.get(conn, str(code or ""))
    if row is None or not row.active:
        raise ReservationRefused(f"no resource {code} in service", "resource_unknown", resource=code)
    if min_capacity and row.capacity is not None and row.capacity < min_capacity:
        raise ReservationRefused(f"{row.code} holds {row.capacity}, not {min_capacity}",
                                 "resource_too_small", resource=row.code, kind=row.kind,
                                 name_zh=row.name_zh, name_en=row.name_en,
                                 capacity=row.capacity, needed=min_capacity)
    start, end = _range(starts_at, ends_at)
    # One booking of a resource at a time: without this lock two overlapping
    # inserts on PostgreSQL each wait in the exclusion check for the other's
    # transaction (a deadlock); with it the second waits here and then sees
    # the first's booking. SQLite's BEGIN IMMEDIATE serialises already.
    conn.execute(select(resource.c.id).where(resource.c.id == row.id).with_for_update())
    _refuse_conflict(conn, row, case_id, start, end)
    try:
        with conn.begin_nested():
            new_id = conn.execute(insert(reservation).values(
                resource_id=row.id, case_id=case_id, starts_at=start, ends_at=end,
                state="held", created_at=now).returning(reservation.c.id)).scalar_one()
    except IntegrityError:   # PostgreSQL: another transaction took it after our check
        _refuse_conflict(conn, row, case_id, start, end)
        raise
    return {"reservation": new_id, "resource": row.code, "name_zh": row.name_zh,
            "name_en": row.name_en, "starts_at": to_iso(start), "ends_at": to_iso(end)}


def release_case(conn, case_id: int, now: datetime) -> int:
    """Release every held reservation of the case; how many were released."""
    res = conn.execute(update(reservation).where(
        reservation.c.case_id == case_id, reservation.c.state == "held")
        .values(state="released", released_at=now))
    return res.rowcount


def conflicts(conn, resource_ids, start: datetime, end: datetime, exclude_case=None) -> dict:
    """{resource id: the first held reservation overlapping [start, end)}."""
    query = (select(reservation.c.resource_id, reservation.c.starts_at, reservation.c.ends_at,
                    case.c.number, case.c.id.label("case_id"))
             .join(case, case.c.id == reservation.c.case_id)
             .where(reservation.c.resource_id.in_(list(resource_ids)),
                    reservation.c.state == "held",
                    reservation.c.starts_at < end, reservation.c.ends_at > start)
             .order_by(reservation.c.starts_at))
    if exclude_case is not None:
        query = query.where(reservation.c.case_id != exclude_case)
    out = {}
    for r in conn.execute(query):
        out.setdefault(r.resource_id, _booking(r))
    return out


def availability(conn, kind: str, starts_at, ends_at, centre: str = "",
                 exclude_case=None) -> list[tuple]:
    """[(resource row, None or the booking holding it)] for the active
    resources of `kind` (and `centre`), the free ones first."""
    start, end = _range(starts_at, ends_at)
    rows = [r for r in catalogue.list_resources(conn, kind, active_only=True)
            if not centre or r.centre == centre]
    taken = conflicts(conn, [r.id for r in rows], start, end, exclude_case)
    pairs = [(r, taken.get(r.id)) for r in rows]
    return sorted(pairs, key=lambda p: p[1] is not None)


def upcoming(conn, resource_id: int, now: datetime, limit: int = 20) -> list[dict]:
    """The resource's held reservations that have not ended, soonest first."""
    rows = conn.execute(
        select(reservation.c.starts_at, reservation.c.ends_at, case.c.number,
               case.c.id.label("case_id"), case.c.title)
        .join(case, case.c.id == reservation.c.case_id)
        .where(reservation.c.resource_id == resource_id, reservation.c.state == "held",
               reservation.c.ends_at > now)
        .order_by(reservation.c.starts_at).limit(limit))
    return [{**_booking(r), "title": r.title} for r in rows]


def of_case(conn, case_id: int) -> list[dict]:
    """The case's reservations, with their resource's code and state."""
    rows = conn.execute(
        select(reservation.c.starts_at, reservation.c.ends_at, reservation.c.state,
               resource.c.code, resource.c.kind)
        .join(resource, resource.c.id == reservation.c.resource_id)
        .where(reservation.c.case_id == case_id).order_by(reservation.c.id))
    return [{"resource": r.code, "kind": r.kind, "state": r.state,
             "starts_at": to_iso(as_utc(r.starts_at)), "ends_at": to_iso(as_utc(r.ends_at))}
            for r in rows]


def _refuse_conflict(conn, row, case_id, start, end) -> None:
    held = conflicts(conn, [row.id], start, end).get(row.id)
    if held is not None:
        raise ReservationRefused(
            f"{row.code} is reserved by case {held['number']} "
            f"from {held['starts_at']} to {held['ends_at']}",
            "resource_taken", resource=row.code, kind=row.kind, name_zh=row.name_zh,
            name_en=row.name_en, **held)


def _range(starts_at, ends_at) -> tuple[datetime, datetime]:
    try:
        start, end = parse_iso(starts_at), parse_iso(ends_at)
    except (TypeError, ValueError):
        raise ReservationRefused("the time range is not a pair of instants", "bad_range",
                                 starts_at=str(starts_at), ends_at=str(ends_at)) from None
    if end <= start:
        raise ReservationRefused("the range ends before it starts", "bad_range",
                                 starts_at=to_iso(start), ends_at=to_iso(end))
    return start, end


def _booking(r) -> dict:
    return {"number": r.number, "case_id": r.case_id,
            "starts_at": to_iso(as_utc(r.starts_at)), "ends_at": to_iso(as_utc(r.ends_at))}
