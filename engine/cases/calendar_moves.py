"""A calendar override (a typhoon closure 停班, an extra working day, or
taking one back) changes the working days inside open deadlines.

Every open task whose period spans the changed day (started before it, due on
or after it) keeps the same number of working days from that day on: its due
instant moves to the day the new calendar gives, at the same hour, and its
reminder/overdue timers follow through deadline_moves. The override, the
moved tasks and the audit rows are one transaction.

A closure for named districts (a typhoon 停班 announced for some districts
only) moves only the tasks whose agency (task.candidate_agency) sits in one of
them: each task is counted on the calendar of its agency's district before
and after the change. The override's audit row lists the moved tasks (old
and new due), so the calendar page can say which moved.

Closing more districts on a day that already has a district closure extends
it (the union of the districts); removing some districts narrows it (the
whole override goes with the last one). Either way only the agencies of the
districts added or removed see their deadlines move.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from engine.data import audit
from engine.data.errors import NotFound
from engine.data.schema import agency, audit as audit_table, calendar_override, case, task
from engine.time import districts as kdistricts
from engine.time.calendar import (
    HOLIDAY, TAIPEI, WorkingCalendar, local_date, reload, remove_override, set_override,
)
from engine.time.deadlines import as_utc
from . import deadline_moves, extensions
from .actors import Actor


ACTIONS = ("calendar_override", "calendar_override_removed")


@dataclass
class Change:
    day: date
    kind: str | None          # holiday, workday, or None to remove the override
    reason: str = ""
    districts: frozenset[str] | None = None   # district codes a closure covers; None: the city


@dataclass(frozen=True)
class MovedTask:
    """One open task whose deadline moved, with what a page needs to name it."""
    task_id: str
    case_id: int
    case_number: str
    definition_id: int
    element_id: str
    name: str
    agency: str | None
    old_due: datetime
    new_due: datetime


@dataclass
class Moves:
    """What a change moved: the tasks, and the audit row that records it."""
    tasks: list[MovedTask] = field(default_factory=list)
    audit_id: int | None = None
    closure: frozenset[str] | None = None   # the districts the day's closure covers now

    @property
    def count(self) -> int:
        return len(self.tasks)

    def per_agency(self) -> dict[str, int]:
        return dict(Counter(t.agency or "" for t in self.tasks))


def apply(engine, change: Change, actor: Actor) -> int:
    """Store the override (or remove it) and move the deadlines it changes;
    returns how many open tasks moved (`declare` says which)."""
    return declare(engine, change, actor).count


def declare(engine, change: Change, actor: Actor) -> Moves:
    """Store the override (or remove it) and move the deadlines it changes."""
    with engine.db.begin() as conn:
        now = engine.clock.now()
        before = WorkingCalendar.load(conn)
        change, stored = _resolve(conn, change)
        _store(conn, stored, actor.username, now)
        after = reload(conn)
        tasks = moved_tasks(conn, before, after, change.day)
        by_case: dict[int, dict[str, datetime]] = defaultdict(dict)
        for t in tasks:
            by_case[t.case_id][t.task_id] = t.new_due
        cmds = [_move_case(engine, conn, case_id, dues, actor, change.day)
                for case_id, dues in by_case.items()]
        moves = Moves(tasks, _record(conn, change, stored, actor, now, tasks),
                      stored.districts if stored.kind else None)
    for cmd in cmds:
        engine.after_commit(cmd)   # keep the live workflows and wake the scheduler
    return moves


def _resolve(conn, change: Change) -> tuple[Change, Change]:
    """(the change as the audit tells it, what the day's override becomes).

    A district closure on a day closed in other districts extends that
    closure; removing districts keeps the closure of the others."""
    row = conn.execute(select(calendar_override).where(
        calendar_override.c.day == change.day)).first()
    closed = kdistricts.decode(row.districts) if row is not None else None
    if not change.kind:
        if row is None or (change.districts and not (closed and change.districts <= closed)):
            raise NotFound("no such override on this day", day=change.day.isoformat(),
                           districts=sorted(change.districts or ()))
        if not change.districts:   # the audit row names the districts the closure covered
            return replace(change, districts=closed), change
        left = closed - change.districts
        return change, Change(change.day, HOLIDAY if left else None, row.reason, left or None)
    if change.kind == HOLIDAY and change.districts and closed and row.kind == HOLIDAY:
        return change, replace(change, districts=closed | change.districts,
                               reason=change.reason or row.reason)
    return change, change


def _record(conn, change: Change, stored: Change, actor: Actor, now: datetime,
            tasks: list[MovedTask]) -> int:
    """The override's audit row (with each moved task); returns its id."""
    audit.record(conn, case_id=None, at=now, actor=actor.username,
                 action=ACTIONS[0] if change.kind else ACTIONS[1],
                 day=change.day.isoformat(), kind=change.kind or "", reason=change.reason,
                 districts=sorted(change.districts or ()),
                 closure=sorted(stored.districts or ()) if stored.kind else [],
                 tasks_moved=len(tasks),
                 per_agency=Moves(tasks).per_agency(),
                 moved=[{"task": t.task_id, "old": as_utc(t.old_due).isoformat(),
                         "new": as_utc(t.new_due).isoformat()} for t in tasks])
    # Our own row: this transaction's latest (the chain serialises audit writers).
    return conn.execute(select(func.max(audit_table.c.id))
                        .where(audit_table.c.action.in_(ACTIONS))).scalar()


def _store(conn, change: Change, by: str, now: datetime) -> None:
    if change.kind:
        set_override(conn, change.day, change.kind, reason=change.reason, by=by, now=now,
                     districts=change.districts)
    elif not remove_override(conn, change.day):
        raise NotFound("no override on this day", day=change.day.isoformat())


def moved_tasks(conn, before: WorkingCalendar, after: WorkingCalendar,
                day: date) -> list[MovedTask]:
    """The open tasks whose period spans `day` and whose due moves, each counted
    on the calendar of the district its agency sits in."""
    rows = conn.execute(
        select(task.c.id, task.c.case_id, task.c.created_at, task.c.due_at, task.c.name,
               task.c.element_id, task.c.candidate_agency, agency.c.district,
               case.c.number, case.c.definition_id)
        .join(case, case.c.id == task.c.case_id)
        .outerjoin(agency, agency.c.code == task.c.candidate_agency)
        .where(task.c.state == "ready", task.c.due_at.is_not(None))
        .order_by(case.c.number, task.c.created_at)).all()
    out = []
    for r in rows:
        old = as_utc(r.due_at)
        new = shifted_due(old, as_utc(r.created_at), before.for_district(r.district),
                          after.for_district(r.district), day)
        if new is not None:
            out.append(MovedTask(r.id, r.case_id, r.number, r.definition_id, r.element_id,
                                 r.name, r.candidate_agency, old, new))
    return out


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


def recorded(conn, audit_id: int) -> tuple[dict, list[MovedTask]] | None:
    """The change an override's audit row records and the tasks it moved
    (named as they are now), or None when `audit_id` is no such row."""
    row = conn.execute(select(audit_table.c.detail).where(
        audit_table.c.id == audit_id, audit_table.c.action.in_(ACTIONS))).first()
    if row is None:
        return None
    detail = json.loads(row.detail)
    dues = {m["task"]: m for m in detail.get("moved", [])}
    rows = conn.execute(
        select(task.c.id, task.c.case_id, task.c.name, task.c.element_id,
               task.c.candidate_agency, case.c.number, case.c.definition_id)
        .join(case, case.c.id == task.c.case_id).where(task.c.id.in_(list(dues)))
        .order_by(case.c.number, task.c.created_at)).all() if dues else []
    return detail, [MovedTask(r.id, r.case_id, r.number, r.definition_id, r.element_id, r.name,
                              r.candidate_agency, datetime.fromisoformat(dues[r.id]["old"]),
                              datetime.fromisoformat(dues[r.id]["new"])) for r in rows]
