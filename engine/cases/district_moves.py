"""An agency moving to another district (agency.district) changes which
district closures (停班) are days off for its tasks.

Every open task of the agency whose period holds a closure day of the old
district or of the new one (from today on; the days already lived through
stay as they were counted) keeps the same number of working days from the
first such day: its due moves to the day the new district's calendar gives,
at the same hour, and its timers follow (deadline_moves). Saving the agency,
the moved tasks and the audit rows are one transaction.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Callable

from sqlalchemy import func, select

from engine.data import audit
from engine.data.schema import audit as audit_table, case, task
from engine.time.calendar import WorkingCalendar, agency_district, local_date
from engine.time.deadlines import as_utc
from .actors import Actor
from .calendar_moves import Moves, MovedTask, _move_case, shifted_due

ACTION = "agency_district_moved"


def rehome(engine, code: str, actor: Actor, save: Callable) -> Moves:
    """Run `save(conn)` (it stores the agency, maybe in another district) and
    move the open deadlines a district closure now changes for its tasks."""
    with engine.db.begin() as conn:
        now = engine.clock.now()
        old = agency_district(conn, code)
        save(conn)
        new = agency_district(conn, code)
        if old == new:
            return Moves()
        tasks, first = moved_tasks(conn, code, old, new, local_date(now))
        by_case: dict[int, dict[str, datetime]] = defaultdict(dict)
        for t in tasks:
            by_case[t.case_id][t.task_id] = t.new_due
        cmds = [_move_case(engine, conn, case_id, dues, actor, first[case_id])
                for case_id, dues in by_case.items()]
        moves = Moves(tasks, _record(conn, code, old, new, actor, now, tasks))
    for cmd in cmds:
        engine.after_commit(cmd)   # keep the live workflows and wake the scheduler
    return moves


def moved_tasks(conn, code: str, old: str | None, new: str | None,
                today: date) -> tuple[list[MovedTask], dict[int, date]]:
    """The agency's open tasks whose due moves, and per case the first closure
    day that moved one (what the case's audit names)."""
    cal = WorkingCalendar.load(conn)
    before, after = cal.for_district(old), cal.for_district(new)
    days = sorted(d for d, codes in cal.closures.items()
                  if d >= today and (old in codes) != (new in codes))
    out, first = [], {}
    for r in _open_tasks(conn, code) if days else ():
        old_due, started = as_utc(r.due_at), as_utc(r.created_at)
        span = [d for d in days if local_date(started) < d <= local_date(old_due)]
        new_due = shifted_due(old_due, started, before, after, span[0]) if span else None
        if new_due is not None:
            out.append(MovedTask(r.id, r.case_id, r.number, r.definition_id, r.element_id,
                                 r.name, code, old_due, new_due))
            first[r.case_id] = min(first.get(r.case_id, span[0]), span[0])
    return out, first


def _open_tasks(conn, code: str) -> list:
    return conn.execute(
        select(task.c.id, task.c.case_id, task.c.created_at, task.c.due_at, task.c.name,
               task.c.element_id, case.c.number, case.c.definition_id)
        .join(case, case.c.id == task.c.case_id)
        .where(task.c.candidate_agency == code, task.c.state == "ready",
               task.c.due_at.is_not(None))
        .order_by(case.c.number, task.c.created_at)).all()


def _record(conn, code, old, new, actor: Actor, now: datetime, tasks: list[MovedTask]) -> int:
    """The agency's audit row for the deadlines its move changed; returns its id."""
    audit.record(conn, case_id=None, at=now, actor=actor.username, action=ACTION,
                 agency=code, before=old or "", after=new or "", tasks_moved=len(tasks),
                 moved=[{"task": t.task_id, "old": as_utc(t.old_due).isoformat(),
                         "new": as_utc(t.new_due).isoformat()} for t in tasks])
    return conn.execute(select(func.max(audit_table.c.id))
                        .where(audit_table.c.action == ACTION)).scalar()
