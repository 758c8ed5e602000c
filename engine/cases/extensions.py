"""Extensions (展期) and the stopped clock (補正) of a case's deadlines.

Each function runs inside the caller's transaction (a SQLAlchemy
Connection), takes the engine clock and the acting user, writes its audit
row and queues the petitioner's notice in that same transaction: the notice
exists exactly when the change was committed. Role checks (only a supervisor
decides) belong to the caller.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from engine.data import audit
from engine.scheduling import outbox
from engine.time.calendar import WorkingCalendar
from engine.time.clock import to_iso
from engine.time.deadlines import (
    after_working_days, as_utc, extended_due, needs_extension, stopped_working_days,
)
from engine.data.schema import case, extension_request, petitioner, task


class DeadlineError(ValueError):
    """The request makes no sense for the case's current state."""


def request_extension(conn: Connection, clock, actor: str, *, task_id: str,
                      reason: str, working_days: int | None = None,
                      proposed_due: datetime | None = None) -> int:
    """Ask a supervisor to move an open task's deadline; returns the request id.

    Give either `working_days` (added to the current due date on the
    government calendar) or an explicit `proposed_due`.
    """
    row = _open_task(conn, task_id)
    if not reason.strip():
        raise DeadlineError("an extension needs a reason")
    if (working_days is None) == (proposed_due is None):
        raise DeadlineError("give working_days or proposed_due")
    if proposed_due is None:
        proposed_due = extended_due(_task_due(row), working_days, WorkingCalendar.load(conn))
    if row.due_at is not None and as_utc(proposed_due) <= as_utc(row.due_at):
        raise DeadlineError("an extension must move the deadline later")
    now = clock.now()
    req_id = conn.execute(insert(extension_request).values(
        case_id=row.case_id, task_id=task_id, requested_by=actor, requested_at=now,
        reason=reason, proposed_due_at=as_utc(proposed_due), status="pending",
    ).returning(extension_request.c.id)).scalar_one()
    _audit(conn, row.case_id, now, actor, "extension_requested", task_id,
                {"request": req_id, "reason": reason, "proposed_due": _iso(proposed_due)})
    return req_id


def decide_extension(conn: Connection, clock, actor: str, request_id: int, *,
                     approve: bool, note: str = "") -> dict:
    """Approve or reject a pending request. Approval moves the task's and the
    case's due instants and queues the extension notice to the petitioner."""
    req = conn.execute(select(extension_request).where(
        extension_request.c.id == request_id).with_for_update()).one_or_none()
    if req is None or req.status != "pending":
        raise DeadlineError(f"extension request {request_id} is not pending")
    now = clock.now()
    status = "approved" if approve else "rejected"
    conn.execute(update(extension_request).where(extension_request.c.id == request_id)
                 .values(status=status, decided_by=actor, decided_at=now))
    detail = {"request": request_id, "reason": req.reason, "note": note}
    if approve:
        detail.update(_apply_extension(conn, req, now))
    _audit(conn, req.case_id, now, actor, f"extension_{status}", req.task_id, detail)
    return {"status": status, "task_id": req.task_id, **detail}


def _apply_extension(conn, req, now) -> dict:
    row = _open_task(conn, req.task_id)
    old_due = _task_due(row)
    set_task_due(conn, req.task_id, req.proposed_due_at)
    conn.execute(update(case).where(case.c.id == req.case_id).values(extended=True))
    refresh_case_due(conn, req.case_id, now)
    notice = _notify_petitioner(conn, req.case_id, "extension", f"extension:{req.id}", now, {
        "reason": req.reason, "old_due": old_due, "new_due": as_utc(req.proposed_due_at)})
    return {"old_due": _iso(old_due), "new_due": _iso(req.proposed_due_at), "notice": notice}


def stop_clock(conn: Connection, clock, actor: str, case_id: int, *, reason: str) -> None:
    """The case waits on the petitioner (asked to supplement, 補正)."""
    now = clock.now()
    res = conn.execute(update(case).where(case.c.id == case_id, case.c.status == "open",
                                          case.c.clock_stopped_at.is_(None))
                       .values(clock_stopped_at=now, updated_at=now))
    if res.rowcount != 1:
        raise DeadlineError(f"case {case_id} is not open with a running clock")
    _audit(conn, case_id, now, actor, "clock_stopped", None, {"reason": reason})


def resume_clock(conn: Connection, clock, actor: str, case_id: int) -> int:
    """The petitioner answered: every open task's deadline moves by the working
    days the clock stood still. Returns that number of days."""
    stopped = conn.execute(select(case.c.clock_stopped_at).where(case.c.id == case_id)).scalar()
    if stopped is None:
        raise DeadlineError(f"the clock of case {case_id} is not stopped")
    now, cal = clock.now(), WorkingCalendar.load(conn)
    days = stopped_working_days(stopped, now, cal)
    for row in conn.execute(select(task.c.id, task.c.due_at).where(
            task.c.case_id == case_id, task.c.state == "ready", task.c.due_at.is_not(None))).all():
        set_task_due(conn, row.id, after_working_days(row.due_at, days, cal))
    conn.execute(update(case).where(case.c.id == case_id).values(clock_stopped_at=None))
    refresh_case_due(conn, case_id, now)
    _audit(conn, case_id, now, actor, "clock_resumed", None,
                {"stopped_at": _iso(stopped), "working_days": days})
    return days


# -- shared with the runtime ---------------------------------------------
def set_task_due(conn: Connection, task_id: str, due: datetime) -> None:
    conn.execute(update(task).where(task.c.id == task_id).values(due_at=as_utc(due)))


def refresh_case_due(conn: Connection, case_id: int, now: datetime) -> None:
    """The case carries the earliest due instant of its open tasks."""
    earliest = select(func.min(task.c.due_at)).where(
        task.c.case_id == case_id, task.c.state == "ready").scalar_subquery()
    conn.execute(update(case).where(case.c.id == case_id)
                 .values(due_at=earliest, updated_at=now))


def exceeds_limit(conn: Connection, case_id: int, due: datetime) -> bool:
    """True when `due` is beyond 30 days from receipt: it needs an approved extension."""
    received = conn.execute(select(case.c.received_at).where(case.c.id == case_id)).scalar_one()
    return needs_extension(received, due, WorkingCalendar.load(conn))


# -- helpers -------------------------------------------------------------
def _open_task(conn, task_id):
    row = conn.execute(select(task.c.id, task.c.case_id, task.c.due_at, task.c.state)
                       .where(task.c.id == task_id)).one_or_none()
    if row is None or row.state != "ready":
        raise DeadlineError(f"task {task_id} is not open")
    return row


def _task_due(row) -> datetime:
    if row.due_at is None:
        raise DeadlineError(f"task {row.id} has no deadline to extend")
    return as_utc(row.due_at)


def _notify_petitioner(conn, case_id, kind, dedupe_key, now, params) -> int | None:
    """Queue a notice to the petitioner's e-mail; None when they gave none
    (the officer then notifies by letter, outside the outbox)."""
    c = conn.execute(select(case.c.number, case.c.title, case.c.language)
                     .where(case.c.id == case_id)).one()
    email = conn.execute(select(petitioner.c.email)
                         .where(petitioner.c.case_id == case_id)).scalar()
    if not email:
        return None
    values = {k: outbox.format_day(v, c.language) if isinstance(v, datetime) else v
              for k, v in params.items()}
    return outbox.enqueue(conn, case_id=case_id, kind=kind, recipient=email,
                          locale=c.language, params={"case_number": c.number,
                                                     "title": c.title, **values},
                          dedupe_key=dedupe_key, now=now)


def _audit(conn, case_id, at, actor, action, task_id, detail: dict) -> None:
    audit.record(conn, case_id=case_id, at=at, actor=actor, action=action,
                 task_id=task_id, **detail)


def _iso(instant: datetime) -> str:
    return to_iso(as_utc(instant))
