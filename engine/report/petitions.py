"""Petition figures (建議及陳情) for the cases received in the period, by
channel, category and responsible agency (the case's columns), with the
deadline record the petition model writes (bpmn/petition.bpmn):

- `due_at`: the deadline (set_deadline; a transfer or an approved extension
  moves it), `replied_at`: when the reply went out (send_reply);
- on time: replied_at <= due_at; late: replied after due_at;
- open overdue: still open and past due_at at the time of the report;
- closed without handling (Art. 173, repeats): `outcome` closed_art173 / closed_repeat;
- on-time rate = on time / (replied + open overdue): a case still unanswered
  after its deadline counts against the rate.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from engine.time.clock import to_iso
from .sql import json_text, parsed_rows
from engine.data.schema import case
from engine.data.tally import count_if

DIMENSIONS = ("channel", "category", "agency")
MEASURES = ("received", "replied", "on_time", "late", "open_overdue", "not_handled", "extended")
NOT_HANDLED = ("closed_art173", "closed_repeat")


def figures(conn, period, agencies, now) -> dict:
    """`agencies`: the responsible agencies whose petitions count; None: every one."""
    rows = _grouped(conn, period, agencies, now)
    out = {dim: defaultdict(_zero) for dim in DIMENSIONS}
    totals = _zero()
    for key, counts in rows:
        for dim, value in zip(DIMENSIONS, key):
            _add(out[dim][value or ""], counts)
        _add(totals, counts)
    result = {dim: {k: _rate(v) for k, v in out[dim].items()} for dim in DIMENSIONS}
    return {"totals": _rate(totals), **result}


def _zero() -> dict:
    return {m: 0 for m in MEASURES}


def _add(into: dict, counts: dict) -> None:
    for m in MEASURES:
        into[m] += counts[m]


def _rate(counts: dict) -> dict:
    due = counts["replied"] + counts["open_overdue"]
    return {**counts, "on_time_rate": round(100.0 * counts["on_time"] / due, 1) if due else None}


def _grouped(conn, period, agencies, now):
    """One scan of the period's petitions, grouped by the three dimensions."""
    lo, hi = period.bounds
    where = [case.c.process_key == "petition", case.c.received_at >= lo, case.c.received_at < hi]
    if agencies is not None:
        where.append(case.c.responsible_agency.in_(sorted(agencies)))
    r = parsed_rows(case.c.channel, case.c.category, case.c.responsible_agency, case.c.status,
                    case.c.extended, where=where)
    due, replied_at = json_text(r.c.doc, "due_at"), json_text(r.c.doc, "replied_at")
    replied = replied_at.is_not(None)
    dims = (r.c.channel, r.c.category, r.c.responsible_agency)
    q = select(
        *dims,
        count_if(r.c.status.is_not(None), "received"),
        count_if(replied, "replied"),
        count_if(replied & (replied_at <= due), "on_time"),
        count_if(replied & (replied_at > due), "late"),
        count_if((r.c.status == "open") & (due < to_iso(now)), "open_overdue"),
        count_if(json_text(r.c.doc, "outcome").in_(NOT_HANDLED), "not_handled"),
        count_if(r.c.extended.is_(True), "extended"),
    ).group_by(*dims)
    for row in conn.execute(q).mappings():
        yield ((row["channel"], row["category"], row["responsible_agency"]),
               {m: int(row[m]) for m in MEASURES})
