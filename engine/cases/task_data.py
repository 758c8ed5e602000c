"""Variables of one task's data as the stored workflow holds them, without
loading the workflow: what a task page shows of a list a script made
(records_audit's `audit_results`), which the case summary leaves out
(engine/cases/variables.summary keeps short scalars only).

A task row (engine/cases/store.py) holds its data as a delta from its
parent's, up to the root of its workflow or subprocess, which holds it
whole. A task's data is what it sees: an open step's what the steps
before it left, a completed step's what it left; within one instance of
a multi-instance subprocess, that instance's own (the office audited).
"""
from __future__ import annotations

from sqlalchemy import bindparam, select

from engine.data.schema import case_wf_task

from .rowjson import loads

_wt = case_wf_task.c
# One statement: the rows of the workflow (or subprocess) the task belongs to.
# Only the rows on the way from the task to its root are decoded.
# Built once (a page view, not a command: no need of engine/data/prepared).
_OWNER_ROWS = select(_wt.task_id, _wt.body).where(
    _wt.case_id == bindparam("cid"),
    _wt.owner == select(_wt.owner).where(_wt.case_id == bindparam("cid"),
                                         _wt.task_id == bindparam("tid")).scalar_subquery())
# Typed values the store's registry writes (store.make_registry): read as
# their text, which is how the page reads them anyway.
_TYPED_AS_TEXT = ("date", "datetime", "Decimal")


def values(conn, case_id: int, task_id: str, names) -> dict:
    """{name: value} of the variables `names` in task `task_id`'s data; a
    name the task's data lacks is left out (so is everything when the
    task's rows are gone)."""
    bodies = dict(conn.execute(_OWNER_ROWS, {"cid": case_id, "tid": str(task_id)}).all())
    wanted, found, key = set(names), {}, str(task_id)
    while wanted and key in bodies:
        row = loads(bodies[key])
        delta = row.get("delta")
        if not delta or row.get("parent") is None:   # the data whole (restore._data's rule)
            data = row.get("data") or {}
            found.update((n, data[n]) for n in wanted if n in data)
            break
        _take(delta, wanted, found)
        key = row["parent"]
    return {n: _plain(v) for n, v in found.items()}


def _take(delta: dict, wanted: set, found: dict) -> None:
    """Move what a delta decides about `wanted` names into `found`: a name
    it deletes is gone from here down, one it updates has that value."""
    deleted, updates = set(delta.get("deletions") or ()), delta.get("updates") or {}
    for name in list(wanted):
        if name in deleted or name in updates:
            wanted.discard(name)
            if name not in deleted:
                found[name] = updates[name]


def _plain(value):
    """A stored value without the registry's typed wrappers: a date as its
    ISO text; another typed value (none a script or form makes) as None."""
    if isinstance(value, dict):
        if "typename" in value:   # case data may not use the key (variables.check)
            return str(value.get("value")) if value["typename"] in _TYPED_AS_TEXT else None
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
