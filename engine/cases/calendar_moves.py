"""A calendar override (a typhoon closure 停班, an extra working day, or
taking one back) changes the working days inside open deadlines.

Every open task whose period spans the changed day (started before it, due on
or after it) keeps the same number of working days from that day on: its due
instant moves to the day the new calendar gives, at the same hour, and its
reminder/overdue timers follow through deadline_moves. The override, the
moved tasks and the audit rows are one transaction.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from engine.data import audit
from engine.data.errors import NotFound
from engine.data.schema import task
from engine.time.calendar import (
    TAIPEI, WorkingCalendar, local_date, remove_override, set_override,
)
from engine.time.deadlines import as_utc
from . import deadline_moves, extensions
from .actors import Actor


@dataclass
class Change:
    day: date
    kind: str | None          # holiday, workday, or None to remove the override
    reason: str = ""


def apply(engine, change: Change, actor: Actor) -> int:
    """Store the override (or remove it) and move the deadlines it changes;
    returns how many open tasks moved."""
    with engine.db.begin() as conn:
        now = engine.clock.now()
        before = WorkingCalendar.load(conn)
        _store(conn, change, actor.username, now)
        after = WorkingCalendar.load(conn)
        cmds = [_move_case(engine, conn, case_id, dues, actor, change.day)
                for case_id, dues in moved_dues(conn, before, after, change.day).items()]
        moved = sum(len(c.moved) for c in cmds)
        audit.record(conn, case_id=None, at=now, actor=actor.username,
                     action="calendar_override" if change.kind else "calendar_override_removed",
                     day=change.day.isoformat(), kind=change.kind or "", reason=change.reason,
                     tasks_moved=moved)
    for cmd in cmds:
        engine._after_commit(cmd)   # keep the live workflows and wake the scheduler
    return moved


def _store(conn, change: Change, by: str, now: datetime) -> None:
    if change.kind:
        set_override(conn, change.day, change.kind, reason=change.reason, by=by, now=now)
    elif not remove_override(conn, change.day):
        raise NotFound("no override on this day", day=change.day.isoformat())


def moved_dues(conn, before: WorkingCalendar, after: WorkingCalendar,
               day: date) -> dict[int, dict[str, datetime]]:
    """{case id: {task id: new due}} for the open tasks whose period spans `day`."""
    rows = conn.execute(select(task.c.id, task.c.case_id, task.c.created_at, task.c.due_at)
                        .where(task.c.state == "ready", task.c.due_at.is_not(None))).all()
    out: dict[int, dict[str, datetime]] = defaultdict(dict)
    for r in rows:
        new = shifted_due(as_utc(r.due_at), as_utc(r.created_at), before, after, day)
        if new is not None:
            out[r.case_id][r.id] = new
    return dict(out)


def shifted_due(due: datetime, started: datetime, before: WorkingCalendar,
                after: WorkingCalendar, day: date) -> datetime | None:
    """The due instant under `after`, or None when `day` is outside the period."""
    due_day = local_date(due)
    if not (local_date(started) < day <= due_day):
        return None
    eve = day - timedelta(days=1)
    count = before.working_days_between(eve, due_day)
    new_day = after.add_working_days(eve, count) if count else after.next_working_day(due_day)
    if new_day == due_day:
        return None
    local = due.astimezone(TAIPEI)
    return datetime.combine(new_day, local.timetz())


def _move_case(engine, conn, case_id: int, dues: dict[str, datetime], actor: Actor, day: date):
    def body(cmd):
        for task_id, due in dues.items():
            extensions.set_task_due(cmd.conn, task_id, due)
            cmd.record("deadline_moved", task_id, day=day.isoformat(), due=as_utc(due).isoformat())
        deadline_moves.move(cmd, dues)
        extensions.refresh_case_due(cmd.conn, case_id, cmd.now)
    cmd = engine.open_command(conn, case_id, actor)
    engine.run_command(cmd, body)
    cmd.moved = list(dues)
    return cmd
