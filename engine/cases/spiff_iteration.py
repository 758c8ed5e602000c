"""SpiffWorkflow's task-tree walk, the same tasks in the same order, cheaper.

Every engine step asks SpiffWorkflow for the READY tasks (and, after each
task, for the WAITING ones), and each ask walks the whole tree with
`TaskIterator`: `list.pop(0)`, a new list per visited task (`children +
task_list`), and after every leaf a walk up its parents to keep a depth
count, each step a dict look-up hashing a UUID. cProfile of API completions
(petition model, 40 task rows): ~15% of a completion's samples.

`install()` gives `TaskIterator` (and so `BpmnTaskIterator`) a `__next__`
that walks the same depth-first order with a stack, expanding a task's
children when it is taken, as the original does, so a caller that changes
the tree between two steps sees what it saw before. The depth count only
matters when it could reach `max_depth`; it rises by one per task walked
into, so a workflow with fewer tasks than `max_depth` can never reach it.
Any other walk (breadth-first, a deeper limit than the tasks, a subclass,
an iterator already advanced) keeps SpiffWorkflow's own code.
Pinned by tests/engine/cases/test_spiff_iteration.py against the original.
"""
from __future__ import annotations

from SpiffWorkflow.bpmn.util.task import BpmnTaskFilter, BpmnTaskIterator
from SpiffWorkflow.util.task import TaskFilter, TaskIterator, TaskState

ORIGINAL_NEXT = TaskIterator.__next__
_FINISHED = TaskState.FINISHED_MASK
_STOCK_FILTERS = (TaskFilter, BpmnTaskFilter)


def _next(self):
    """TaskIterator.__next__: the stack walk where it gives the same tasks."""
    walk = self.__dict__.get("_walk")
    if walk is None:
        walk = self._walk = _walker(self)
    if walk is False:
        return ORIGINAL_NEXT(self)
    return next(walk)


def _walker(it):
    """A generator for this walk, or False where the original must walk."""
    bpmn = type(it) is BpmnTaskIterator
    if not (bpmn or type(it) is TaskIterator) or not it.depth_first:
        return False
    if it.depth != 0 or len(it.task_list) != 1:
        return False
    start = it.task_list[0]
    if _tasks_within(start, bpmn) >= it.max_depth:
        return False
    it.task_list = []
    return _walk(it, start, bpmn)


def _tasks_within(start, bpmn: bool) -> int:
    """How many tasks the walk could enter: its workflow's, and with BPMN
    walks every subprocess's too."""
    if not bpmn:
        return len(start.workflow.tasks)
    top = start.workflow.top_workflow
    return len(top.tasks) + sum(len(sub.tasks) for sub in top.subprocesses.values())


def _state_only(flt) -> bool:
    """The filter asks only for a state (the engine steps' READY and WAITING)."""
    return (type(flt) in _STOCK_FILTERS and flt.manual is None and flt.spec_name is None
            and flt.spec_class is None and getattr(flt, "catches_event", None) is None
            and getattr(flt, "lane", None) is None)


def _walk(it, start, bpmn: bool):
    flt, min_state, end = it.task_filter, it.min_state, it.end_at_spec
    matches, quick = flt.matches, _state_only(flt)
    state, since = flt.state, flt.updated_ts
    stack = [start]
    while stack:
        task = stack.pop()
        _expand(it, task, stack, min_state, end, bpmn)
        if (task._state & state and task.last_state_change >= since) if quick else matches(task):
            yield task


def _expand(it, task, stack, min_state, end, bpmn: bool) -> None:
    """Push the tasks the original would visit next (its `_next`), last first."""
    kids = task._children
    sub = task.workflow.top_workflow.subprocesses.get(task.id) if bpmn else None
    if sub is None:
        if kids and task._state >= min_state and task.task_spec.name != end:
            get = task.workflow.tasks.get
            stack.extend([get(c) for c in reversed(kids)])
        return
    if task.task_spec.name == end:
        return
    get = task.workflow.tasks.get
    stack.extend([get(c) for c in reversed(kids)])
    if not (it.skip_subprocesses
            or (task._state >= _FINISHED and it.task_filter.state <= _FINISHED)):
        stack.append(sub.task_tree)


def install() -> None:
    """Idempotent; done when the engine's runtime is imported."""
    TaskIterator.__next__ = _next
