"""Moving one SpiffWorkflow instance onto the specs of another version.

SpiffWorkflow 3.2 ships `SpiffWorkflow.bpmn.util.diff` (SpecDiff and
migrate_workflow), but its migrate_workflow resets every ready and waiting
task: a timer's instant is computed afresh, a multi-instance branch's item is
overwritten by its parent's data and pre-scripts run again. Here the tasks
where the case waits are kept as they are (same ids, data and internal data:
the index rows, assignees and deadlines stay valid); only their specs are
swapped and the predicted part of the tree is predicted again from the new
model. `check` decides everything that can refuse before anything changes.
"""
from __future__ import annotations

from dataclasses import dataclass

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.util.task import TaskState

from engine.cases import variables

from .reasons import Refusal

PREDICTED = TaskState.PREDICTED_MASK
LIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED
LOOP_ATTRS = ("data_input", "data_output", "input_item", "output_item", "cardinality",
              "condition", "maximum", "test_before")


@dataclass
class Move:
    """One workflow (the case or a live subprocess) and its new spec per task."""
    workflow: object
    spec: object
    pairs: list   # (task, new task spec or None when a predicted task is dropped)


def renamed(name: str, mapping: dict) -> str:
    """The new spec name: the plan's mapping also covers the specs SpiffWorkflow
    derives from an element (`handle.BoundaryEventSplit`, `co_handling [child]`)."""
    if name in mapping:
        return mapping[name]
    for old, new in mapping.items():
        for sep in (".", " ["):
            if name.startswith(old + sep):
                return new + name[len(old):]
    return name


def element_of(spec_name: str) -> str:
    return spec_name.split(" [")[0].split(".")[0]


def check(wf, new_spec, new_subs, mapping: dict) -> list[Move]:
    """The moves of `wf` onto the new specs, or a Refusal; changes nothing."""
    moves = [_align(wf, new_spec, mapping)]
    for sub in wf.subprocesses.values():
        spec = new_subs.get(renamed(sub.spec.name, mapping))
        if spec is None:
            raise Refusal("subprocess_removed", element=element_of(sub.spec.name))
        moves.append(_align(sub, spec, mapping))
    return moves


def _align(workflow, spec, mapping) -> Move:
    pairs = []
    for task in workflow.tasks.values():
        old = task.task_spec
        name = renamed(old.name, mapping)
        new = spec.task_specs.get(name)
        if task.has_state(PREDICTED):
            pairs.append((task, new if new is not None and type(new) is type(old) else None))
            continue
        _refuse_unsafe(task, old, new, name, mapping)
        pairs.append((task, new))
    return Move(workflow, spec, pairs)


def _refuse_unsafe(task, old, new, name, mapping) -> None:
    element = element_of(old.name)
    if new is None:
        if element in mapping:
            raise Refusal("unknown_target", element=element, target=mapping[element])
        code = "unmapped_element" if task.has_state(LIVE) else "history_unmapped"
        raise Refusal(code, element=element)
    if type(new) is not type(old):
        raise Refusal("kind_changed", element=element, target=element_of(name))
    if task.has_state(LIVE) and isinstance(old, LoopTask) and \
            any(_plain(getattr(old, a, None)) != _plain(getattr(new, a, None)) for a in LOOP_ATTRS):
        raise Refusal("loop_changed", element=element)
    # A boundary event the new version adds to (or removes from) a step the
    # case is at would not be armed (or disarmed) for it: SpiffWorkflow creates
    # them when the step is entered.
    if task.has_state(LIVE) and {renamed(n, mapping) for n in _boundaries(old)} != _boundaries(new):
        raise Refusal("boundary_changed", element=element)


def _boundaries(spec) -> set[str]:
    """The names of the boundary events attached to a task spec."""
    splits = [s for s in spec.inputs if isinstance(s, BoundaryEventSplit)]
    return {o.name for s in splits for o in s.outputs if o is not spec}


def _plain(value):
    """Data references compare by identity: compare what they name."""
    return getattr(value, "bpmn_id", None) or getattr(value, "name", None) or value


def apply(wf, moves: list[Move], new_spec, new_subs) -> None:
    """Swap the specs and predict the unstarted part of each tree again."""
    wf.spec, wf.subprocess_specs = new_spec, new_subs
    for move in moves:
        move.workflow.spec = move.spec
        for task, new in move.pairs:
            if new is not None:
                task.task_spec = new
        _repredict(move.workflow, move.spec)


def _repredict(workflow, spec) -> None:
    known = set(map(id, spec.task_specs.values()))
    for task in list(workflow.tasks.values()):
        if task.id in workflow.tasks and not task.has_state(PREDICTED):
            _resync_children(workflow, task, known)
    # Predictions deeper than SpiffWorkflow's look-ahead may still name old specs.
    for task in list(workflow.tasks.values()):
        if task.id in workflow.tasks and id(task.task_spec) not in known:
            workflow._remove_task(task.id)


def _resync_children(workflow, task, known) -> None:
    live = task.has_state(LIVE)
    outputs = task.task_spec.outputs
    for child in task.children:
        stale = id(child.task_spec) not in known or (live and child.task_spec not in outputs)
        if child.has_state(PREDICTED) and stale:
            workflow._remove_task(child.id)
    if live:
        have = {c.task_spec for c in task.children}
        state = TaskState.MAYBE if isinstance(task.task_spec, CatchingEvent) else TaskState.FUTURE
        for ts in outputs:
            if ts not in have:
                task._add_child(ts, state)
    for child in task.children:
        if child.has_state(PREDICTED):
            child.task_spec._predict(child, mask=PREDICTED)


def fill_defaults(wf, defaults: dict) -> list[str]:
    """Give the case the new required fields it lacks; returns their names."""
    latest = variables.latest_task(wf)   # whose data is the case's
    missing = {k: v for k, v in defaults.items() if k not in variables.current(wf)}
    if not missing:
        return []
    targets = [t for w in (wf, *wf.subprocesses.values()) for t in w.tasks.values()
               if t.has_state(LIVE)]
    for t in [*targets, *([latest] if latest is not None else [])]:
        for k, v in missing.items():
            t.data.setdefault(k, v)
    return sorted(missing)


def recompute_timers(wf) -> int:
    """Timers the case waits on take their instant from the new model (the
    plan asked for it); otherwise each keeps the instant already set."""
    moved = 0
    for t in list(wf.event_manager.tasks.values()):
        definition = t.task_spec.event_definition
        if isinstance(definition, TimerEventDefinition) and \
                not isinstance(definition, CycleTimerEventDefinition):
            t.internal_data.pop("event_value", None)
            definition.has_fired(t)
            moved += 1
    return moved


def passed(wf, element: str) -> bool:
    """Whether the case completed `element` (in its loaded tree)."""
    return any(t.task_spec.name == element and t.has_state(TaskState.COMPLETED)
               for w in (wf, *wf.subprocesses.values()) for t in w.tasks.values())
