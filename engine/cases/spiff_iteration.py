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

`Workflow.get_tasks`, which lists a whole walk at once, skips the walk: it
keeps the tasks that match from a flat scan of the workflows the walk could
enter, drops those the walk would not reach (climbing each one's parents
with the walk's own tests) and sorts them by their place in the depth-first
order. The engine steps' READY asks match one task or two of dozens, and the
walk itself was 13% of an API completion's samples (py-spy, casework model).
"""
from __future__ import annotations

from SpiffWorkflow.bpmn.util.task import BpmnTaskFilter, BpmnTaskIterator
from SpiffWorkflow.util.task import TaskFilter, TaskIterator, TaskState
from SpiffWorkflow.workflow import Workflow

ORIGINAL_NEXT = TaskIterator.__next__
ORIGINAL_GET_TASKS = Workflow.get_tasks
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
    start = _walkable(it)
    if start is None:
        return False
    it.task_list = []
    return _walk(it, start, type(it) is BpmnTaskIterator)


def _walkable(it):
    """The fresh walk's first task, or None where the original must walk."""
    bpmn = type(it) is BpmnTaskIterator
    if not (bpmn or type(it) is TaskIterator) or not it.depth_first:
        return None
    if it.depth != 0 or len(it.task_list) != 1 or "_walk" in it.__dict__:
        return None
    start = it.task_list[0]
    return None if _tasks_within(start, bpmn) >= it.max_depth else start


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


def _get_tasks(self, first_task=None, **kwargs):
    """Workflow.get_tasks: the scan where it gives the walk's list."""
    it = self.get_tasks_iterator(first_task, **kwargs)
    found = _scanned(it)
    return list(it) if found is None else found


def _scanned(it):
    """The tasks a fresh walk would give, in its order; None where it must walk."""
    start = _walkable(it)
    if start is None:
        return None
    bpmn, flt = type(it) is BpmnTaskIterator, it.task_filter
    pools, state = _pools(it, start, bpmn), flt.state
    if _state_only(flt):
        since = flt.updated_ts
        found = [t for pool in pools for t in pool if t._state & state and t.last_state_change >= since]
    elif type(flt) in _STOCK_FILTERS:        # their matches() asks for the state first
        found = [t for pool in pools for t in pool if t._state & state and flt.matches(t)]
    else:
        found = [t for pool in pools for t in pool if flt.matches(t)]
    keyed = [(key, t) for t in found if (key := _place(it, t, start, bpmn)) is not None]
    if len(keyed) > 1:
        keyed.sort(key=_first)
    return [t for _key, t in keyed]


def _first(pair):
    return pair[0]


def _pools(it, start, bpmn: bool):
    """Every task the walk could enter, and more: the start's workflow's, and
    (BPMN) each subprocess's the walk would not refuse at its holder."""
    own = start.workflow
    yield own.tasks.values()
    if not bpmn:
        return
    top = own.top_workflow
    for holder_id, sub in top.subprocesses.items():
        if sub is own:
            continue
        holder = top.get_task_from_id(holder_id)
        if holder is None or _enters(it, holder):
            yield sub.tasks.values()


def _enters(it, holder) -> bool:
    """Whether the BPMN walk, at a subprocess's holder, walks into it."""
    return not (it.skip_subprocesses
                or (holder._state >= _FINISHED and it.task_filter.state <= _FINISHED))


def _place(it, task, start, bpmn: bool):
    """The task's path of child positions from `start` (-1: into the holder's
    subprocess, which the walk takes before its children), or None when the
    walk would not reach it."""
    path, min_state, end = [], it.min_state, it.end_at_spec
    top = task.workflow.top_workflow if bpmn else None
    while task is not start:
        wf = task.workflow
        if task._parent is None:                     # a workflow's root
            holder_id = getattr(wf, "parent_task_id", None) if bpmn else None
            holder = top.get_task_from_id(holder_id) if holder_id is not None else None
            if holder is None or holder.task_spec.name == end or not _enters(it, holder):
                return None
            path.append(-1)
            task = holder
            continue
        parent = wf.tasks.get(task._parent)
        if parent is None or parent.task_spec.name == end:
            return None
        if parent._state < min_state and not (bpmn and parent.id in top.subprocesses):
            return None
        path.append(parent._children.index(task.id))
        task = parent
    path.reverse()
    return path


def install() -> None:
    """Idempotent; done when the engine's runtime is imported."""
    TaskIterator.__next__ = _next
    Workflow.get_tasks = _get_tasks
