"""Records-management audits (檔案管理考評) from the `records_audit` cases
(bpmn/records_audit.bpmn):

- visits done: `score_checklist` tasks done in the period (one per office);
- graded rounds: when every office of a round is graded, the model writes
  `results_at` and the count per grade (`grade_excellent` 優, `grade_a` 甲,
  `grade_b` 乙, `grade_c` 丙), `offices_audited` and `reinspections_planned`;
  a round is reported in the period holding its `results_at`;
- follow-up: `improvement_report`, `coaching` and `reinspection` tasks done in
  the period, and re-inspections open (their task waits for an officer) or
  scheduled (their timer, about a year after the visit, has not fired: the
  next audit year's), with the first scheduled one's date, as at the report.
Audit rounds are one or two a year: every one of them is read.
"""
from __future__ import annotations

import json

from sqlalchemy import func, select

from .sql import iso_between, json_text, parsed
from engine.data.schema import case, task, timer
from engine.data.tally import count_if

GRADES = ("grade_excellent", "grade_a", "grade_b", "grade_c")
FOLLOW_UP = {"score_checklist": "visits", "improvement_report": "improvement_reports",
             "coaching": "coaching", "reinspection": "reinspections"}
ROUND_FIELDS = ("audit_year", "offices_audited", "reinspections_planned", "results_at", *GRADES)


def figures(conn, period) -> dict:
    rounds = _rounds(conn, period)
    totals = {k: sum(r[k] for r in rounds) for k in ("offices_audited", "reinspections_planned", *GRADES)}
    count, first = conn.execute(_SCHEDULED).one()
    return {"rounds": rounds, "totals": totals,
            "activity": {**_activity(conn, period), "reinspections_scheduled": int(count)},
            "reinspections_first": first}


def _rounds(conn, period) -> list[dict]:
    lo_iso, hi_iso = period.iso
    q = (select(case.c.number, case.c.title, case.c.summary)
         .where(case.c.process_key == "records_audit",
                iso_between(json_text(parsed(case.c.summary), "results_at"), lo_iso, hi_iso)))
    out = []
    # Sorted here: ORDER BY number would walk the whole case-number index.
    for number, title, summary in sorted(conn.execute(q)):
        data = json.loads(summary or "{}")
        row = {k: data.get(k) for k in ROUND_FIELDS}
        out.append({"number": number, "title": title,
                    **{k: (v or 0) if k in GRADES or k.endswith(("audited", "planned")) else v
                       for k, v in row.items()}})
    return out


def _activity(conn, period) -> dict:
    lo, hi = period.bounds
    done = (task.c.state == "completed") & (task.c.completed_at >= lo) & (task.c.completed_at < hi)
    cols = [count_if(done & (task.c.element_id == el), name) for el, name in FOLLOW_UP.items()]
    waiting = count_if((task.c.state == "ready") & (task.c.element_id == "reinspection"),
                       "reinspections_open")
    q = (select(*cols, waiting).select_from(task.join(case, case.c.id == task.c.case_id))
         .where(case.c.process_key == "records_audit",
                case.c.closed_at.is_(None) | (case.c.closed_at >= lo)))
    return {k: int(v) for k, v in conn.execute(q).mappings().one().items()}


# The re-inspections whose wait of about a year (wait_year) is still running.
_SCHEDULED = (select(func.count(), func.min(timer.c.due_at))
              .select_from(timer.join(case, case.c.id == timer.c.case_id))
              .where(case.c.process_key == "records_audit", timer.c.element_id == "wait_year",
                     timer.c.state.not_in(("fired", "cancelled"))))
