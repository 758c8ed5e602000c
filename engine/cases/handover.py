"""A person moves to another agency, or their account is deactivated: the open
tasks they hold go back to the agency's queue, unassigned, each with the audit
row a supervisor's "return to the queue" writes (engine/cases/assignment.py).

Written in the caller's transaction, so the account change and the release
commit together or not at all. Only tasks still open and still held by the
person move: one completed (or taken by someone else) meanwhile is left as it is.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from engine.data import agency_order, audit
from engine.data.schema import task
from engine.data.stopped_clock import clock_runs
from engine.data.tally import count_if

EVERY_AGENCY = object()   # release: the tasks held in any agency (a deactivation)


@dataclass(frozen=True)
class Held:
    agency: str | None   # the task's candidate agency
    count: int
    overdue: int


def held(conn, username: str, now: datetime) -> list[Held]:
    """The open tasks `username` holds, counted per agency (most first); overdue
    as the inbox counts it (a case waiting on its petitioner is not)."""
    late = (task.c.due_at < now) & clock_runs(task.c.case_id)
    rows = conn.execute(
        select(task.c.candidate_agency, func.count(), count_if(late))
        .where(task.c.assignee == username, task.c.state == "ready")
        .group_by(task.c.candidate_agency)).all()
    found = [Held(agency, int(count), int(late or 0)) for agency, count, late in rows]
    return sorted(found, key=lambda h: (-h.count, agency_order.key(h.agency)))


def release(conn, username: str, actor: str, now: datetime,
            agency=EVERY_AGENCY) -> dict[str | None, int]:
    """Return `username`'s open tasks in `agency` (or every agency) to the
    queue; {agency: tasks returned}. One UPDATE guarded on state and holder,
    so a completion committed first is not reopened."""
    where = [task.c.assignee == username, task.c.state == "ready"]
    if agency is not EVERY_AGENCY:
        where.append(task.c.candidate_agency.is_(None) if agency is None
                     else task.c.candidate_agency == agency)
    rows = conn.execute(update(task).where(*where).values(assignee=None).returning(
        task.c.id, task.c.case_id, task.c.candidate_agency)).all()
    counts: dict[str | None, int] = {}
    for row in sorted(rows, key=lambda r: (r.case_id, r.id)):
        audit.record(conn, case_id=row.case_id, at=now, actor=actor, action="unclaim",
                     task_id=row.id, previous=username, agency=row.candidate_agency)
        counts[row.candidate_agency] = counts.get(row.candidate_agency, 0) + 1
    return counts
