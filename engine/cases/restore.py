"""Restoring a workflow's task rows, cheaper than SpiffWorkflow's generic path.

A task row is TaskConverter.to_dict's output (data stored as a delta from the
parent). SpiffWorkflow restores it through its registry, which walks every
value looking for typed objects and parses each id three times. A row with no
typed value inside (its only "typename" is its own "Task": nearly all rows) is
rebuilt here directly, step for step as TaskConverter.from_dict does; any other
row, or a registry whose Task converter is not the stock one, goes through the
registry as before. tests/engine/cases/test_store_restore.py proves both give
the same workflow on the shipped models' cases.
"""
from __future__ import annotations

from copy import copy
from uuid import UUID, SafeUUID, uuid4

from SpiffWorkflow.bpmn.serializer.default.workflow import TaskConverter
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from .rowjson import loads

_MUTABLE = (dict, list, set)   # what DeepMerge.merge copies when inheriting data


def _stock_task_converter(registry) -> bool:
    """The registry restores "Task" with SpiffWorkflow's own TaskConverter,
    whose steps restore_plain repeats."""
    found = registry.convert_from_dict.get("Task")
    bound = found.args[0] if found is not None and found.args else None
    conv = getattr(bound, "__self__", None)
    return (type(conv) is TaskConverter and conv.target_class is Task
            and getattr(bound, "__func__", None) is TaskConverter.from_dict)


class TaskRestorer:
    """Decodes task rows and rebuilds a workflow's tasks from them."""

    def __init__(self, registry, direct: bool = True):
        self.registry = registry
        self.direct = direct and _stock_task_converter(registry)

    def decode(self, body: str) -> tuple[bool, dict]:
        """(plain, row): plain when the row holds no typed value (a key
        "typename" is always written as the plain text "typename")."""
        dct = loads(body)
        plain = self.direct and body.count('"typename"') == 1 and dct.get("typename") == "Task"
        return plain, dct

    def restore_tasks(self, workflow, root: str, rows: dict, names: dict) -> None:
        """`rows`: task id -> decode()'s pair. Parents first (data is a delta),
        in the order SpiffWorkflow's own restore adds them. `names` gets each
        task's id as text (the rows' keys), so nobody formats a UUID again."""
        workflow.tasks = {}
        ids: dict[str, UUID] = {}
        stack = [root]
        while stack:
            key = stack.pop()
            plain, dct = rows[key]
            if plain:
                task = restore_plain(workflow, dct, ids)
            else:
                task = self.registry.restore(dct, workflow=workflow)
            names[task.id] = key
            stack.extend(reversed(dct["children"]))
        workflow.task_tree = workflow.tasks[UUID(root)]


def _canonical_uuid(text: str) -> UUID:
    """UUID(text) for the form str(UUID) writes, a quarter of the cost: the
    object UUID.__init__ would build (its two slots), without its checks and
    rewrites. Anything else goes to UUID()."""
    if len(text) == 36 and text[8] == text[13] == text[18] == text[23] == "-":
        found = _new(UUID)
        _set(found, "int", int(text.replace("-", ""), 16))
        _set(found, "is_safe", SafeUUID.unknown)
        return found
    return UUID(text)


def _same_as_uuid(make) -> bool:
    sample = uuid4()
    made = make(str(sample))
    return (set(UUID.__slots__) <= {"int", "is_safe", "__weakref__"} and type(made) is UUID
            and made == sample and made.is_safe == UUID(str(sample)).is_safe)


_new, _set = object.__new__, object.__setattr__
# Checked once: another Python's UUID with more state gets the plain constructor.
_parse_uuid = _canonical_uuid if _same_as_uuid(_canonical_uuid) else UUID


def _uuid(ids: dict, text: str) -> UUID:
    # Each id is a task's own, its parent's reference and a child entry: parse once.
    found = ids.get(text)
    if found is None:
        found = ids[text] = _parse_uuid(text)
    return found


def restore_plain(workflow, dct: dict, ids: dict) -> Task:
    """TaskConverter.from_dict for a row without typed values: those restore to
    themselves, so the decoded values are used as they are."""
    spec = workflow.spec.task_specs.get(dct["task_spec"])
    task = Task(workflow, spec, state=dct["state"], id=_uuid(ids, dct["id"]))
    parent = dct["parent"]
    task._parent = _uuid(ids, parent) if parent is not None else None
    task._children = [_uuid(ids, c) for c in dct["children"]]
    task.last_state_change = dct["last_state_change"]
    task.triggered = dct["triggered"]
    task.internal_data = dct["internal_data"]
    if task._state & TaskState.WAITING and isinstance(spec, CatchingEvent):
        task.workflow.top_workflow.event_manager.add_task(task)
    task.data = _data(task, dct)
    return task


def _data(task, dct: dict) -> dict:
    """The parent's data (top-level containers copied, as DeepMerge.merge({}, ..)
    does), then the updates, less the deletions, in the same key order."""
    delta = dct.get("delta")
    parent = task.parent
    if not delta or parent is None:
        return dct["data"]
    gone = set(delta.get("deletions", ()))
    inherited = parent.data
    if gone and inherited.keys() <= gone:   # a predicted task: nothing inherited
        data = {}
    else:
        data = {k: copy(v) if isinstance(v, _MUTABLE) else v
                for k, v in inherited.items() if k not in gone}
    for k, v in delta.get("updates", {}).items():
        if k not in gone:
            data[k] = v
    return data
