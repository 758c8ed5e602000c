"""Records-management audits (檔案管理考評) from the `records_audit` cases
(bpmn/records_audit.bpmn):

- visits done: `score_checklist` tasks done in the period (one per office);
- graded rounds: when every office of a round is graded, the model writes
  `results_at` and the count per grade (`grade_excellent` 優, `grade_a` 甲,
  `grade_b` 乙, `grade_c` 丙), `offices_audited` and `reinspections_planned`;
  a round is reported in the period holding its `results_at`, with each
  office's visit day and grade (the `audit_results` list its approval step
  shows; the case summary keeps no list) and never its case number;
- follow-up: `improvement_report`, `coaching` and `reinspection` tasks done in
  the period; re-inspections open (their task waits for an officer) and
  scheduled (the wait of about a year after the visit has begun with the
  results' approval and not yet ended) as at the period's end, or at the
  time of the report while the period runs, with the first scheduled date.
Audit rounds are one or two a year: every one of them is read.
"""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import and_, exists, func, select

from .sql import iso_between, json_text, parsed
from engine.cases import task_data
from engine.data.schema import case, task, timer
from engine.data.tally import count_if

GRADES = ("grade_excellent", "grade_a", "grade_b", "grade_c")
FOLLOW_UP = {"score_checklist": "visits", "improvement_report": "improvement_reports",
             "coaching": "coaching", "reinspection": "reinspections"}
ROUND_FIELDS = ("audit_year", "offices_audited", "reinspections_planned", "results_at", *GRADES)


def figures(conn, period) -> dict:
    rounds = _rounds(conn, period)
    totals = {k: sum(r[k] for r in rounds) for k in ("offices_audited", "reinspections_planned", *GRADES)}
    count, first = conn.execute(_scheduled(period)).one()
    return {"rounds": rounds, "totals": totals,
            "activity": {**_activity(conn, period), "reinspections_scheduled": int(count)},
            "reinspections_first": first}


def _rounds(conn, period) -> list[dict]:
    lo_iso, hi_iso = period.iso
    q = (select(case.c.id, case.c.summary)
         .where(case.c.process_key == "records_audit",
                iso_between(json_text(parsed(case.c.summary), "results_at"), lo_iso, hi_iso)))
    out = []
    # Sorted here (in the order the rounds were opened): ORDER BY would walk an index.
    for cid, summary in sorted(conn.execute(q)):
        data = json.loads(summary or "{}")
        row = {k: (data.get(k) or 0) if k in GRADES or k.endswith(("audited", "planned")) else data.get(k)
               for k in ROUND_FIELDS}
        out.append({**row, "offices": _offices(conn, cid)})
    return out


_RESULTS_TASK = (select(task.c.id).where(task.c.element_id == "publish_results")
                 .order_by(task.c.created_at.desc()).limit(1))


def _offices(conn, case_id: int) -> list[dict]:
    """Each office of a graded round: its code, visit day, grade and whether
    it is to be re-inspected, by visit day; from the approval step's data."""
    tid = conn.execute(_RESULTS_TASK.where(task.c.case_id == case_id)).scalar()
    results = task_data.values(conn, case_id, tid, ["audit_results"]).get("audit_results") if tid else None
    rows = [_office(r) for r in results or () if isinstance(r, dict)]
    return sorted(rows, key=lambda r: (r["visit_day"] or date.min, r["office"]))


def _office(result: dict) -> dict:
    visit = str(result.get("visit_at") or "")[:10]   # the model's Asia/Taipei instant: its day
    try:
        day = date.fromisoformat(visit)
    except ValueError:
        day = None
    return {"office": str(result.get("office") or ""), "visit_day": day,
            "grade": result.get("grade"), "reinspection": bool(result.get("needs_reinspection"))}


def _activity(conn, period) -> dict:
    lo, hi = period.bounds
    done = (task.c.state == "completed") & (task.c.completed_at >= lo) & (task.c.completed_at < hi)
    cols = [count_if(done & (task.c.element_id == el), name) for el, name in FOLLOW_UP.items()]
    # Open at the period's end: created before it, not completed by then (a
    # cancelled task's moment is not kept: it is left out).
    open_at_end = ((task.c.element_id == "reinspection") & (task.c.created_at < hi)
                   & ((task.c.state == "ready") | ((task.c.state == "completed") & (task.c.completed_at >= hi))))
    q = (select(*cols, count_if(open_at_end, "reinspections_open"))
         .select_from(task.join(case, case.c.id == task.c.case_id))
         .where(case.c.process_key == "records_audit",
                case.c.closed_at.is_(None) | (case.c.closed_at >= lo)))
    return {k: int(v) for k, v in conn.execute(q).mappings().one().items()}


def _scheduled(period):
    """The re-inspections waiting at the period's end: their wait (wait_year,
    about a year after the visit) began when the round's results were
    approved, before the end, and had not ended (fired) by then."""
    _, hi = period.bounds
    approved = exists().where(task.c.case_id == timer.c.case_id, task.c.element_id == "publish_results",
                              task.c.state == "completed", task.c.completed_at < hi)
    waiting = and_(timer.c.state != "cancelled", timer.c.fired_at.is_(None) | (timer.c.fired_at >= hi))
    return (select(func.count(), func.min(timer.c.due_at))
            .select_from(timer.join(case, case.c.id == timer.c.case_id))
            .where(case.c.process_key == "records_audit", timer.c.element_id == "wait_year",
                   approved, waiting))
