"""A notice raised by a boundary timer's script names the step the timer is
attached to (`task_id`), not the case's open step due soonest: the overdue
delivery's `notify('escalation', to='DOA')` names the overdue delivery step,
whichever of DOA's steps is due first (engine/cases/notices.py)."""
from __future__ import annotations

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent

_REACH = 16   # a timer's branch is a script or two: no walk up a long case's tree


def attached_step(spiff_task) -> str | None:
    """The id of the task whose boundary timer led to `spiff_task`, or None:
    up to the nearest boundary-event split, the path must come through a timer."""
    came_from, t = spiff_task, spiff_task.parent
    for _ in range(_REACH):
        if t is None:
            return None
        if isinstance(t.task_spec, BoundaryEventSplit):
            if not _is_timer(came_from.task_spec):
                return None   # came through the attached task itself, not its timer
            main = [c for c in t.children if not isinstance(c.task_spec, BoundaryEvent)]
            return str(main[0].id) if main else None
        came_from, t = t, t.parent
    return None


def _is_timer(spec) -> bool:
    return isinstance(spec, BoundaryEvent) and isinstance(spec.event_definition,
                                                          TimerEventDefinition)


def name_step(cmd, spiff_task, since: int) -> None:
    """The notices `spiff_task`'s script added (from index `since`) name the
    step its timer is attached to, unless they name one already."""
    added = cmd.notices[since:]
    step = attached_step(spiff_task) if added else None
    for notice in added if step else ():
        notice.setdefault("task_id", step)
