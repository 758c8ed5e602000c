"""When a deadline moves (a resumed clock after 補正), the
workflow must follow, not only the task index: the reminder, overdue and
escalation timers attached to the task were computed from the old due
instant when the task started.

SpiffWorkflow keeps a timer's computed instant in the waiting event task's
internal data (`event_value`). Moving a deadline therefore sets the task's
due variable (the `due` property of `<civicflow:task>` when it is a plain
variable name, as in every shipped model) in the task's data and in its
waiting boundary timers' data, forgets their computed instants and lets
SpiffWorkflow evaluate them again. The command's save then rewrites those
tasks and re-arms their rows in the timer table.
"""
from __future__ import annotations

from datetime import datetime

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState

from engine.time.clock import to_iso
from .command import IDENT
from engine.time.deadlines import as_utc
from .index import find_task


def move(cmd, new_dues: dict[str, datetime]) -> list[str]:
    """Apply {task id: new due} to the workflow; returns the timer elements re-armed.
    (An extension, 展期, is the model's own: its script sets the due variable.)"""
    rearmed = []
    for task_id, due in new_dues.items():
        spiff_task = find_task(cmd.wf, task_id)
        if spiff_task is None or spiff_task.state != TaskState.READY:
            continue
        rearmed += _move_one(cmd, spiff_task, to_iso(as_utc(due)))
    if rearmed:
        cmd.wf.refresh_timers()
    return rearmed


def _move_one(cmd, spiff_task, due_iso: str) -> list[str]:
    variable = _due_variable(cmd, spiff_task)
    timers = _attached_timers(spiff_task)
    # The timers re-inherit their split parent's data when SpiffWorkflow updates
    # them, so the parent (finished, hence not rewritten by itself) changes too.
    parent = spiff_task.parent if timers else None
    if parent is not None:
        _force_save(cmd, parent)
    for t in [spiff_task, *timers, *([parent] if parent is not None else [])]:
        if variable:
            t.data[variable] = due_iso
    for t in timers:
        t.internal_data.pop("event_value", None)
        t.internal_data.pop("event_fired", None)
    return [t.task_spec.bpmn_id for t in timers] if variable else []


def _force_save(cmd, spiff_task) -> None:
    owner, _marker = cmd.snapshot.tasks.get(str(spiff_task.id), (None, None))
    if owner is not None:
        cmd.snapshot.tasks[str(spiff_task.id)] = (owner, None)


def _due_variable(cmd, spiff_task) -> str | None:
    meta = cmd.definition.tasks.get(spiff_task.task_spec.bpmn_id)
    expr = (meta.due_expr or "").strip() if meta else ""
    return expr if IDENT.match(expr) else None


def _attached_timers(spiff_task) -> list:
    """The waiting boundary timer events of the task (its siblings under the
    boundary-event split SpiffWorkflow inserts before a task with boundary events)."""
    parent = spiff_task.parent
    if parent is None:
        return []
    return [t for t in parent.children if t is not spiff_task
            and t.state == TaskState.WAITING
            and isinstance(getattr(t.task_spec, "event_definition", None), TimerEventDefinition)]
