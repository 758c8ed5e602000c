"""Consumer protection figures (消費者保護法 Arts. 43-46) from the
`consumer_complaint` cases: each stage is counted on the day it happened,
as the model writes it into the case data (bpmn/consumer_complaint.bpmn):

- consultation: `request_type == 'consultation'`, on the day received;
- first / second complaint: `first_complaint_at` / `second_complaint_at`
  (a consultation that turns into a complaint counts as both);
- mediation applied: `mediation_applied_at` (refused applications included,
  `outcome == 'mediation_refused'`); held: the mediation sessions held in the
  period (`mediation_session` tasks done in it, one per session), so a
  mediation meeting in two months counts in each and the months add up to
  the half-year; mediation cases held: the mediations with a session held
  in the period, each case once (what `{mediations_held}` counted before
  sessions were counted: a department's saved wording keeps it); settled: `outcome` settled or proposal_binding, on the closing day;
- remote negotiation and debt-clearing advice: flags set at intake.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import distinct, func, select

from .sql import iso_between, json_text, json_true, parsed_rows
from engine.data.schema import case, task
from engine.data.tally import count_if

# A stage is counted when it falls in the period, for cases received up to
# this long before it: the model's longest path (two 15-day complaint steps,
# the 80-day mediation, reminders) ends well inside a year.
LOOKBACK = timedelta(days=366)
SETTLED = ("settled", "proposal_binding")
FAILED = ("mediation_failed", "proposal_objected")
STAGES = ("consultations", "first_complaints", "second_complaints", "mediation_applied",
          "mediation_refused", "mediation_held", "mediation_cases_held", "mediation_settled", "mediation_failed",
          "remote_negotiation", "debt_advice")


def figures(conn, period) -> dict:
    by_kind = _stage_counts(conn, period)
    for kind, (sessions, cases) in _held(conn, period).items():
        row = by_kind.setdefault(kind, _zero())
        row["mediation_held"], row["mediation_cases_held"] = sessions, cases
    totals = _zero()
    for row in by_kind.values():
        for k in STAGES:
            totals[k] += row[k]
    return {"totals": totals, "by_kind": {k: v for k, v in by_kind.items() if any(v.values())}}


def _zero() -> dict:
    return {k: 0 for k in STAGES}


def _window(period):
    """Received up to LOOKBACK before the period; of the earlier ones only
    those still open when it began (cheap columns first: no JSON read)."""
    lo, hi = period.bounds
    return (case.c.process_key == "consumer_complaint",
            case.c.received_at >= lo - LOOKBACK, case.c.received_at < hi,
            (case.c.received_at >= lo) | case.c.closed_at.is_(None) | (case.c.closed_at >= lo))


def _stage_counts(conn, period) -> dict:
    (lo, hi), (lo_iso, hi_iso) = period.bounds, period.iso
    r = parsed_rows(case.c.category, case.c.received_at, case.c.closed_at, where=_window(period))
    received = (r.c.received_at >= lo) & (r.c.received_at < hi)
    closed = (r.c.closed_at >= lo) & (r.c.closed_at < hi)
    outcome = json_text(r.c.doc, "outcome")
    applied = iso_between(json_text(r.c.doc, "mediation_applied_at"), lo_iso, hi_iso)
    q = select(
        r.c.category,
        count_if(received & (json_text(r.c.doc, "request_type") == "consultation"), "consultations"),
        count_if(iso_between(json_text(r.c.doc, "first_complaint_at"), lo_iso, hi_iso), "first_complaints"),
        count_if(iso_between(json_text(r.c.doc, "second_complaint_at"), lo_iso, hi_iso), "second_complaints"),
        count_if(applied, "mediation_applied"),
        count_if(applied & (outcome == "mediation_refused"), "mediation_refused"),
        count_if(closed & outcome.in_(SETTLED), "mediation_settled"),
        count_if(closed & outcome.in_(FAILED), "mediation_failed"),
        count_if(received & json_true(r.c.doc, "remote_negotiation"), "remote_negotiation"),
        count_if(received & json_true(r.c.doc, "debt_advice"), "debt_advice"),
    ).group_by(r.c.category)
    out = {}
    for row in conn.execute(q).mappings():
        out[row["category"] or "other"] = {**_zero(), **{k: int(v) for k, v in row.items()
                                                          if k != "category"}}
    return out


def _held(conn, period) -> dict:
    """{kind: (sessions held in the period, each once; mediations they were of,
    each case once)}."""
    lo, hi = period.bounds
    q = (select(case.c.category, func.count(), func.count(distinct(task.c.case_id)))
         .select_from(task.join(case, case.c.id == task.c.case_id))
         .where(*_window(period), task.c.element_id == "mediation_session",
                task.c.state == "completed", task.c.completed_at >= lo, task.c.completed_at < hi)
         .group_by(case.c.category))
    return {(cat or "other"): (int(n), int(cases)) for cat, n, cases in conn.execute(q)}
