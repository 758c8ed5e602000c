"""Keeps the query tables (task, timer, message_wait) in step with a workflow.

SpiffWorkflow's state is opaque JSON; these tables are what inboxes, boards and
the scheduler query. They are written in the command's own transaction.
"""
from __future__ import annotations

import json
from collections import namedtuple
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam, delete, insert, or_, select, update

from engine.time.clock import parse_iso
from engine.time.deadlines import as_utc
from engine.data.prepared import ForEach, Prepared
from engine.data.schema import message_wait, task, timer
from . import keeping


OPEN_TASKS = select(task.c.id).where(task.c.case_id == bindparam("cid"), task.c.state == "ready")
INSERT_TASK = insert(task)
CLOSE_TASK = (update(task).where(task.c.id == bindparam("tid"))
              .values(state=bindparam("state"), completed_at=bindparam("at"),
                      completed_by=bindparam("by")))
INSERT_TIMER = insert(timer)
INSERT_WAIT = insert(message_wait)
DELETE_WAIT = delete(message_wait).where(
    message_wait.c.case_id == bindparam("cid"), message_wait.c.task_id == bindparam("tid"),
    message_wait.c.message == bindparam("msg"))
TIMER_ROWS = select(timer.c.case_id, timer.c.task_id, timer.c.state, timer.c.due_at)
WAIT_ROWS = select(message_wait.c.case_id, message_wait.c.task_id, message_wait.c.message)
# The statements of every command, sent on the DBAPI cursor (engine/data/prepared.py).
TimerRow = namedtuple("TimerRow", ["case_id", "task_id", "state", "due_at"])
_OPEN_TASKS = Prepared(OPEN_TASKS)
_INSERT_TASK = Prepared(INSERT_TASK, keyed=True)
_CLOSE_TASK = Prepared(CLOSE_TASK)
_INSERT_TIMER = Prepared(INSERT_TIMER, keyed=True)
_LIVE_TIMERS = Prepared(TIMER_ROWS.where(  # IN (..) is an expanding parameter: spelt out
    timer.c.case_id == bindparam("cid"), or_(timer.c.state == "pending", timer.c.state == "claimed")),
    row=TimerRow)
_CANCEL_TIMERS = ForEach(lambda each: update(timer).where(
    timer.c.case_id == bindparam("cid"), each).values(state="cancelled"), timer.c.task_id, "tid")
_REARM_TIMER = Prepared(update(timer).where(
    timer.c.case_id == bindparam("cid"), timer.c.task_id == bindparam("tid")).values(
    state="pending", due_at=bindparam("due"), claimed_by=None, claimed_at=None, fired_at=None))
_WAITS = Prepared(WAIT_ROWS.where(message_wait.c.case_id == bindparam("cid")))
_INSERT_WAIT, _DELETE_WAIT = Prepared(INSERT_WAIT, keyed=True), Prepared(DELETE_WAIT)
_case_timers: dict[int, Prepared] = {}


def _case_timers_of(n: int) -> Prepared:
    """A case's live timer rows and those of its `n` waiting timer tasks (a
    fired row may be re-armed), their ids spelt out as n parameters."""
    found = _case_timers.get(n)
    if found is None:
        tids = [bindparam(f"t{i}") for i in range(n)]
        found = _case_timers[n] = Prepared(TIMER_ROWS.where(timer.c.case_id == bindparam("cid"), or_(
            timer.c.state == "pending", timer.c.state == "claimed", timer.c.task_id.in_(tids))),
            row=TimerRow)
    return found


def preload(conn, case_ids: list[int]) -> dict:
    """What the sync functions read that a snapshot does not hold, for many
    cases at once (timer batches): {case id: {"timers": ...}}. Open tasks and
    message waits come with each case's snapshot (its load, or the command
    before it in this process)."""
    out = {cid: {"timers": {}} for cid in case_ids}
    # Every timer row of the cases: a fired row may be re-armed by the sync.
    for r in conn.execute(TIMER_ROWS.where(timer.c.case_id.in_(case_ids))):
        out[r.case_id]["timers"][r.task_id] = r
    return out


def plan_tasks(cmd, changed) -> tuple[list, list]:
    """The task index's rows for `changed`, (new, closed), and the snapshot's
    open rows brought up to date, before any write: a command computes them
    (the new tasks' agency, due instant, keeper) before it takes SQLite's write
    lock. `changed`: the SpiffWorkflow tasks the store is writing; a user task
    that became ready is among them, so the whole tree need not be walked. The
    open rows are known from the last command on the case (its snapshot) when
    the workflow came from the cache. What it reads is the case's own, which
    the command's version check guards."""
    conn, snap = cmd.conn, cmd.snapshot
    open_rows = snap.open_tasks if snap is not None else None
    if open_rows is None:
        open_rows = set(_OPEN_TASKS.run(conn, {"cid": cmd.case_id}).scalars())
    new = [_task_row(cmd, t) for t in changed
           if t.state == TaskState.READY and t.task_spec.manual and str(t.id) not in open_rows]
    if new:
        keeping.assign(cmd, new)   # keep_with: back to its officer, already claimed
    closed = [_closing(cmd, tid) for tid in open_rows if _closes(cmd.wf, tid)]
    if snap is not None:
        snap.open_tasks = (set(open_rows) - {c["tid"] for c in closed}) | {r["id"] for r in new}
    return new, closed


def write_tasks(cmd, plan: tuple[list, list]) -> None:
    new, closed = plan
    if new:
        _INSERT_TASK.many(cmd.conn, new)
    if closed:
        _CLOSE_TASK.many(cmd.conn, closed)


def _closes(wf, tid: str) -> bool:
    spiff_task = find_task(wf, tid)
    return spiff_task is None or spiff_task.state != TaskState.READY


def _closing(cmd, tid: str) -> dict:
    spiff_task = find_task(cmd.wf, tid)
    done = spiff_task is not None and spiff_task.state == TaskState.COMPLETED
    return {"tid": tid, "state": "completed" if done else "cancelled", "at": cmd.now,
            "by": cmd.completed_by.get(tid, cmd.actor.username) if done else None}


def find_task(wf, tid: str):
    try:
        return wf.get_task_from_id(UUID(tid))
    except Exception:  # SpiffWorkflow raises its own TaskNotFoundException
        return None


def _task_row(cmd, t) -> dict:
    spec = t.task_spec
    element_id = getattr(spec, "bpmn_id", None) or spec.name
    meta = cmd.definition.tasks.get(element_id)
    agency, role, due, priority = cmd.task_assignment(t, meta)
    return {
        "id": str(t.id), "case_id": cmd.case_id, "process_key": cmd.definition.key,
        "element_id": element_id, "name": (getattr(spec, "bpmn_name", None) or element_id)[:300],
        "lane": spec.lane, "candidate_agency": agency, "candidate_role": role,
        "assignee": None, "state": "ready", "priority": priority,
        "created_at": cmd.now, "due_at": due, "item": item_of(t.data, meta),
    }


def item_of(data: dict, meta) -> str | None:
    """The value the task's `item` names in its data (a scalar, at most 200
    characters); None when it names none."""
    if meta is None or not meta.item:
        return None
    value = data
    for key in meta.item.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)[:200]


def timers_touched(changed) -> bool:
    """Whether the tasks a command wrote include a timer event's: a timer that
    waits (always written while it waits, so its instant is re-checked), starts
    or stops waiting. Other commands leave the timer rows as they are."""
    return any(isinstance(getattr(t.task_spec, "event_definition", None), TimerEventDefinition)
               for t in changed)


def sync_timers(cmd) -> list:
    """Index the workflow's pending timers; return the due instants added."""
    conn, current = cmd.conn, _waiting(cmd.wf, TimerEventDefinition)
    rows = cmd.preloaded.get("timers")
    if rows is None and not current:
        rows = {r.task_id: r for r in _LIVE_TIMERS.run(conn, {"cid": cmd.case_id})}
    elif rows is None:
        params = {"cid": cmd.case_id, **{f"t{i}": tid for i, tid in enumerate(current)}}
        rows = {r.task_id: r for r in _case_timers_of(len(current)).run(conn, params)}
    added = []
    for tid, (spiff_task, definition) in current.items():
        due = _timer_due(definition, spiff_task)
        if due is None:
            continue
        row = rows.get(tid)
        if row is None:
            _INSERT_TIMER.run(conn, {"case_id": cmd.case_id, "task_id": tid, "state": "pending",
                                     "element_id": spiff_task.task_spec.bpmn_id or "",
                                     "due_at": due})
            added.append(due)
        elif row.state not in ("pending", "claimed") or as_utc(row.due_at) != due:   # SQLite: naive
            _rearm(conn, cmd.case_id, tid, due)
            added.append(due)
    gone = [tid for tid, r in rows.items() if tid not in current and r.state in ("pending", "claimed")]
    if gone:
        _CANCEL_TIMERS.run(conn, {"cid": cmd.case_id}, gone)
    return added


def timer_fires(wf, task_id: str) -> bool:
    """Refresh the workflow's timers; True when the timer task `task_id` fired
    (left its wait, or a cycle moved on), False when its instant is still ahead."""
    spiff_task = find_task(wf, task_id)
    definition = getattr(getattr(spiff_task, "task_spec", None), "event_definition", None)
    if spiff_task is None or not isinstance(definition, TimerEventDefinition):
        wf.refresh_timers()
        return True
    before = _timer_due(definition, spiff_task)
    wf.refresh_timers()
    return spiff_task.state != TaskState.WAITING or _timer_due(definition, spiff_task) != before


def _rearm(conn, case_id, tid, due):
    _REARM_TIMER.run(conn, {"cid": case_id, "tid": tid, "due": due})


def _timer_due(definition, spiff_task):
    value = definition.details(spiff_task).value
    if isinstance(value, dict):  # a cycle: {'cycles': n, 'next': iso, ...}
        value = value.get("next")
    return parse_iso(value) if value else None


def _waiting(wf, kind) -> dict:
    found = {}
    for t in wf.event_manager.tasks.values():
        definition = t.task_spec.event_definition
        if isinstance(definition, kind):
            found[str(t.id)] = (t, definition)
    return found


def sync_messages(cmd) -> None:
    conn, current, snap = cmd.conn, _waiting(cmd.wf, MessageEventDefinition), cmd.snapshot
    correlation = json.dumps({"case_number": cmd.case.number, "keys": cmd.wf.correlations},
                             sort_keys=True, default=str)
    known = snap.waits if snap is not None else None
    if known is None:
        known = {(r[1], r[2]) for r in _WAITS.run(conn, {"cid": cmd.case_id})}
    wanted = {(tid, d.name) for tid, (_, d) in current.items()}
    added = [{"case_id": cmd.case_id, "task_id": tid, "message": name, "correlation": correlation}
             for tid, name in wanted - known]
    if added:
        _INSERT_WAIT.many(conn, added)
    gone = [{"cid": cmd.case_id, "tid": tid, "msg": name} for tid, name in known - wanted]
    if gone:
        _DELETE_WAIT.many(conn, gone)
    if snap is not None:
        snap.waits = set(wanted)
