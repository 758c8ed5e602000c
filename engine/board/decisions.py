"""What waits for a supervisor's decision: the open user tasks whose role is
`supervisor` (an extension to approve, a disagreement to coordinate) in the
agencies the supervisor sees (scope.py), oldest first.

What the request says comes from the model: a task declared
`not_by="handle" reason="extension_reason" adds_days="extension_days"` was
asked for by whoever completed the latest `handle`, with that form's reason
and working days; the proposed deadline is the task's due date moved by
those days on the government calendar, as the model's `extend` script will.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from engine.cases import queries
from engine.cases.actors import can_work
from engine.data.schema import audit, case, task
from engine.time.calendar import WorkingCalendar
from engine.time.deadlines import after_working_days

from .scope import board_scope

ROLE = "supervisor"


@dataclass(frozen=True)
class Decision:
    task_id: str
    element_id: str
    definition_id: int
    task_name: str
    agency: str | None
    case_number: str
    case_title: str | None
    waiting_since: datetime
    due_at: datetime | None
    assignee: str | None
    request: bool = False          # someone asked for it (the model declares not_by)
    requested_by: str | None = None
    reason: str | None = None
    asked_days: int | None = None
    proposed_due: datetime | None = None
    asked: dict = field(default_factory=dict, hash=False)   # the asking form, whole

    def mine(self, username: str) -> bool:
        """The viewer asked for it: another supervisor decides."""
        return self.requested_by == username

    def decidable_by(self, actor) -> bool:
        """`actor` (engine.cases.actors.Actor) may decide it: their agency's, not their own."""
        return can_work(actor, self.agency, ROLE) and not self.mine(actor.username)


def _open(conn, viewer):
    """Where-clauses of the open supervisor tasks `viewer` may see."""
    scope = board_scope(conn, viewer)   # NotAllowed unless a supervisor or an admin
    clauses = [task.c.state == "ready", task.c.candidate_role == ROLE]
    if scope is not None:
        clauses.append(task.c.candidate_agency.in_(sorted(scope)))
    return clauses


def count(conn, viewer) -> int:
    """How many wait for the viewer themselves (the navigation's badge): their
    own agency's, since only its supervisors may work its tasks (an
    administrator: all), less the requests they made themselves."""
    if "admin" not in viewer.roles and ROLE not in viewer.roles:
        return 0
    clauses = [task.c.state == "ready", task.c.candidate_role == ROLE]
    if "admin" not in viewer.roles:
        clauses.append(task.c.candidate_agency == viewer.agency)
    if not conn.execute(select(task.c.id).where(*clauses).limit(1)).first():
        return 0   # the common case on every page: nothing waits
    return sum(not d.mine(viewer.username) for d in _decisions(conn, clauses))


def waiting(conn, viewer) -> list[Decision]:
    """The decisions waiting, oldest first, each with what was asked."""
    return _decisions(conn, _open(conn, viewer))


def one(conn, viewer, task_id: str) -> Decision | None:
    """One waiting decision the viewer may see, else None."""
    found = _decisions(conn, [*_open(conn, viewer), task.c.id == task_id])
    return found[0] if found else None


def _decisions(conn, clauses) -> list[Decision]:
    rows = conn.execute(select(
        task.c.id, task.c.element_id, task.c.name, task.c.candidate_agency, task.c.created_at,
        task.c.due_at, task.c.assignee, task.c.case_id, case.c.number, case.c.title,
        case.c.definition_id).join(case, case.c.id == task.c.case_id)
        .where(*clauses).order_by(task.c.created_at, task.c.id)).all()
    cal = WorkingCalendar.load(conn) if rows else None
    return [_decision(conn, r, cal) for r in rows]


def _decision(conn, r, cal) -> Decision:
    base = Decision(r.id, r.element_id, r.definition_id, r.name, r.candidate_agency, r.number,
                    r.title, r.created_at, r.due_at, r.assignee)
    meta = queries.task_meta(conn, r.definition_id, r.element_id)
    if meta is None or not meta.not_by:
        return base
    asker, form = _request(conn, r.case_id, meta.not_by)
    days = form.get(meta.adds_days) if meta.adds_days else None
    days = days if isinstance(days, int) and not isinstance(days, bool) else None
    proposed = after_working_days(r.due_at, days, cal) if days and r.due_at else None
    return Decision(**{**base.__dict__, "request": True, "requested_by": asker,
                       "reason": form.get(meta.reason) if meta.reason else None,
                       "asked_days": days, "proposed_due": proposed, "asked": form})


def _request(conn, case_id: int, element_id: str) -> tuple[str | None, dict]:
    """Who completed the latest `element_id` task of the case, and its form
    (whole in the audit trail; the case summary shortens long texts)."""
    row = conn.execute(select(audit.c.actor, audit.c.detail).join(
        task, task.c.id == audit.c.task_id).where(
        audit.c.case_id == case_id, audit.c.action == "complete",
        task.c.element_id == element_id).order_by(audit.c.id.desc()).limit(1)).first()
    if row is None:
        return None, {}
    return row.actor, json.loads(row.detail or "{}").get("form") or {}
