"""The stopped clock (補正) of a case's deadlines, and the helpers that move
a task's and a case's due instants.

An extension (展期) is not here: the model asks for it and decides it (the
petition's `handle` and `approve_extension` tasks), so what the analyst draws
is what happens. Each function runs inside the caller's transaction (a
SQLAlchemy Connection), takes the engine clock and the acting user and writes
its audit row in that same transaction.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from engine.data import audit
from engine.time.calendar import WorkingCalendar
from engine.time.clock import to_iso
from engine.time.deadlines import (
    after_working_days, as_utc, needs_extension, stopped_working_days,
)
from engine.data.schema import case, task


class DeadlineError(ValueError):
    """The request makes no sense for the case's current state."""


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
    now = clock.now()
    responsible = conn.execute(select(case.c.responsible_agency)
                               .where(case.c.id == case_id)).scalar()
    days = stopped_working_days(stopped, now, WorkingCalendar.load(conn, responsible))
    per_task = {}
    for row in conn.execute(select(task.c.id, task.c.due_at, task.c.candidate_agency).where(
            task.c.case_id == case_id, task.c.state == "ready", task.c.due_at.is_not(None))).all():
        # Each task counts on its agency's calendar (a 停班 may close only its district),
        # as its due was counted (engine/cases/command.py).
        cal = WorkingCalendar.load(conn, row.candidate_agency or responsible)
        per_task[row.id] = stopped_working_days(stopped, now, cal)
        set_task_due(conn, row.id, after_working_days(row.due_at, per_task[row.id], cal))
    conn.execute(update(case).where(case.c.id == case_id).values(clock_stopped_at=None))
    refresh_case_due(conn, case_id, now)
    _audit(conn, case_id, now, actor, "clock_resumed", None,
           {"stopped_at": _iso(stopped), "working_days": days, "per_task": per_task})
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
def _audit(conn, case_id, at, actor, action, task_id, detail: dict) -> None:
    audit.record(conn, case_id=case_id, at=at, actor=actor, action=action,
                 task_id=task_id, **detail)


def _iso(instant: datetime) -> str:
    return to_iso(as_utc(instant))
