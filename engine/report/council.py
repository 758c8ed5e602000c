"""City-council (市政會議) meetings and the resolutions tracked from them
(bpmn/council_resolution.bpmn), per responsible agency:

- meetings: distinct `meeting_number` whose `meeting_date` is in the period;
- assigned: resolutions of those meetings (record_resolution names the agency);
- reports: `progress_report` tasks done in the period; overdue reports: past
  due and not filed at the period's end (at the time of the report while the
  period runs), so a past month never counts a report due after it;
- released (解除列管): `released_at` in the period;
- tracked at the start (期初列管中): tracking began before the period began
  and was not released by then, so it is the previous period's end and
  start + assigned - released = end (unless a resolution was recorded in
  another period than its meeting's);
- tracked at the end: tracking began before the period ended and was not
  released by then.
Resolutions are few (tens a month): those open or closed since the period
began are read through the process index.
"""
from __future__ import annotations

from collections import defaultdict
from sqlalchemy import distinct, func, select

from .sql import iso_between, json_text, parsed_rows
from engine.data.schema import case, task
from engine.data.tally import count_if

# Grouped by an expression, not the bare column: SQLite would otherwise walk
# the whole (agency, status, due) index to avoid a sort, instead of the
# process index.
AGENCY = func.coalesce(case.c.responsible_agency, "")
MEASURES = ("tracked_at_start", "assigned", "reports", "overdue_reports", "released", "tracked_at_end")
RESOLUTION_MEASURES = ("tracked_at_start", "assigned", "released", "tracked_at_end")


def figures(conn, period, agencies, now) -> dict:
    """`agencies`: the responsible agencies whose resolutions count; None: every one."""
    rows = defaultdict(lambda: {m: 0 for m in MEASURES})
    for code, counts in _resolutions(conn, period, agencies):
        rows[code or ""].update(counts)
    for code, reports, overdue in _reports(conn, period, agencies, now):
        rows[code or ""].update(reports=reports, overdue_reports=overdue)
    rows = {k: v for k, v in rows.items() if any(v.values())}
    totals = {m: sum(r[m] for r in rows.values()) for m in MEASURES}
    return {"meetings": _meetings(conn, period, agencies), "totals": totals, "by_agency": rows}


def _in_meeting_period(period, doc):
    return json_text(doc, "meeting_date").between(period.start.isoformat(), period.end.isoformat())


def _base(period, agencies):
    """Resolutions still tracked at the period's start or later (a released
    one has its closing instant): read through the process index."""
    lo, _ = period.bounds
    cond = [case.c.process_key == "council_resolution",
            case.c.closed_at.is_(None) | (case.c.closed_at >= lo)]
    if agencies is not None:
        cond.append(case.c.responsible_agency.in_(sorted(agencies)))
    return cond


def _meetings(conn, period, agencies) -> int:
    r = parsed_rows(case.c.id, where=_base(period, agencies))
    q = select(func.count(distinct(json_text(r.c.doc, "meeting_number")))).where(
        _in_meeting_period(period, r.c.doc))
    return int(conn.execute(q).scalar() or 0)


def _resolutions(conn, period, agencies):
    lo_iso, hi_iso = period.iso
    r = parsed_rows(AGENCY.label("agency"), where=_base(period, agencies))
    since, released = json_text(r.c.doc, "tracking_since"), json_text(r.c.doc, "released_at")
    q = select(
        r.c.agency,
        count_if((since < lo_iso) & (released.is_(None) | (released >= lo_iso)), "tracked_at_start"),
        count_if(_in_meeting_period(period, r.c.doc), "assigned"),
        count_if(iso_between(released, lo_iso, hi_iso), "released"),
        count_if((since < hi_iso) & (released.is_(None) | (released >= hi_iso)), "tracked_at_end"),
    ).group_by(r.c.agency)
    for row in conn.execute(q).mappings():
        yield row["agency"], {m: int(row[m]) for m in RESOLUTION_MEASURES}


def _reports(conn, period, agencies, now):
    lo, hi = period.bounds
    cut = min(hi, now)   # the period's end, or now while it runs
    done = (task.c.state == "completed") & (task.c.completed_at >= lo) & (task.c.completed_at < hi)
    late = (task.c.due_at < cut) & ((task.c.state == "ready") | (task.c.completed_at >= hi))
    q = (select(AGENCY, count_if(done, "reports"), count_if(late, "overdue"))
         .select_from(task.join(case, case.c.id == task.c.case_id))
         .where(*_base(period, agencies), task.c.element_id == "progress_report")
         .group_by(AGENCY))
    for row in conn.execute(q):
        yield row[0], int(row[1]), int(row[2])
