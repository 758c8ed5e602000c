"""Persistence of SpiffWorkflow state, split so a command writes only what changed.

A workflow is stored as one row for its own attributes (never its spec: specs
are cached per deployed definition), one row per subprocess and one per task.
Finished subprocesses are not loaded again, so a long case loads its live part.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.util.subworkflow import BpmnSubWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam, delete, insert, literal_column, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite

from engine.data.prepared import ForEach, Prepared
from engine.data.schema import case_state, case_subprocess, case_wf_task, message_wait, task

from .restore import TaskRestorer
from .rowjson import dumps, loads

TOP = ""
# Statements built once: constructing Core statements per row costs more than running them.
UPDATE_TASK = (update(case_wf_task)
               .where(case_wf_task.c.case_id == bindparam("cid"),
                      case_wf_task.c.task_id == bindparam("tid"))
               .values(body=bindparam("body")))
UPDATE_SUB = (update(case_subprocess)
              .where(case_subprocess.c.case_id == bindparam("cid"),
                     case_subprocess.c.sub_id == bindparam("sid"))
              .values(body=bindparam("body"), completed=bindparam("done")))
INSERT_TASK = insert(case_wf_task)
UPDATE_TOP = (update(case_state).where(case_state.c.case_id == bindparam("cid"))
              .values(workflow=bindparam("body")))
INSERT_TOP = insert(case_state)
# Deletes go as one statement (engine/data/prepared.ForEach): an expanding IN
# list would be compiled again at every call.
_DELETE_TASKS = ForEach(lambda each: delete(case_wf_task).where(
    case_wf_task.c.case_id == bindparam("cid"), each), case_wf_task.c.task_id, "tid")
_DELETE_SUBS = ForEach(lambda each: delete(case_subprocess).where(
    case_subprocess.c.case_id == bindparam("cid"), each), case_subprocess.c.sub_id, "sid")
TOP_ROW, SUB_ROW, TASK_ROW, OPEN_ROW, WAIT_ROW = 0, 1, 2, 3, 4


def _load_rows(match):
    """One statement for a load: (kind, case id, key, owner, body) of the top
    rows, the live subprocess rows, and the task rows of both (those of
    finished subprocesses stay behind); with them what the index tables hold
    for the case (its open task rows, its message waits), which the command's
    own writes start from (engine/cases/index.py): two round trips fewer on
    PostgreSQL. `match` selects the cases."""
    st, sp, wt = case_state, case_subprocess, case_wf_task
    blank = literal_column("''")
    live = sp.c.completed.is_(False)
    return union_all(
        select(literal_column(str(TOP_ROW)), st.c.case_id, blank, blank, st.c.workflow)
        .where(match(st.c.case_id)),
        select(literal_column(str(SUB_ROW)), sp.c.case_id, sp.c.sub_id, blank, sp.c.body)
        .where(match(sp.c.case_id), live),
        select(literal_column(str(TASK_ROW)), wt.c.case_id, wt.c.task_id, wt.c.owner, wt.c.body)
        .where(match(wt.c.case_id), wt.c.owner == TOP),
        # An IN list, not a join: SQLite (no statistics) would walk every task row first.
        select(literal_column(str(TASK_ROW)), wt.c.case_id, wt.c.task_id, wt.c.owner, wt.c.body)
        .where(match(wt.c.case_id),
               wt.c.owner.in_(select(sp.c.sub_id).where(match(sp.c.case_id), live))),
        select(literal_column(str(OPEN_ROW)), task.c.case_id, task.c.id, blank, blank)
        .where(match(task.c.case_id), task.c.state == "ready"),
        select(literal_column(str(WAIT_ROW)), message_wait.c.case_id, message_wait.c.task_id,
               message_wait.c.message, blank).where(match(message_wait.c.case_id)),
    )


# One case by a plain parameter (an expanding IN list is compiled again at every call).
LOAD_ONE = _load_rows(lambda col: col == bindparam("cid"))
LOAD_MANY = _load_rows(lambda col: col.in_(bindparam("ids", expanding=True)))


def _upserts(dialect):
    """New and changed rows of a table go in one statement (INSERT .. ON CONFLICT)."""
    tasks, subs = dialect.insert(case_wf_task), dialect.insert(case_subprocess)
    return {
        "task": tasks.on_conflict_do_update(index_elements=["case_id", "task_id"],
                                            set_={"body": tasks.excluded.body}),
        "sub": subs.on_conflict_do_update(index_elements=["case_id", "sub_id"],
                                          set_={"body": subs.excluded.body,
                                                "completed": subs.excluded.completed}),
    }


UPSERT = {"sqlite": _upserts(sqlite), "postgresql": _upserts(postgresql)}
# The same, compiled once per dialect and sent on the cursor (engine/data/prepared.py).
_UPSERT = {name: {kind: Prepared(stmt, keyed=True, only=name) for kind, stmt in d.items()}
           for name, d in UPSERT.items()}
_LOAD_ONE = Prepared(LOAD_ONE)
_INSERT_TOP, _UPDATE_TOP = Prepared(INSERT_TOP, keyed=True), Prepared(UPDATE_TOP)
# The row writes a timer batch may gather into one executemany (engine/cases/timerbatch.py).
ROW_WRITES = frozenset({UPDATE_TASK, INSERT_TASK, *(d["task"] for d in UPSERT.values())})


def make_registry():
    """A serializer registry of our own (its mode flag is not thread-safe)."""
    registry = BpmnWorkflowSerializer.configure(SPIFF_CONFIG)
    registry.register(date, lambda v: {"value": v.isoformat()},
                      lambda d: date.fromisoformat(d["value"]), typename="date")
    registry.register(datetime, lambda v: {"value": v.isoformat()},
                      lambda d: datetime.fromisoformat(d["value"]), typename="datetime")
    registry.register(Decimal, lambda v: {"value": str(v)},
                      lambda d: Decimal(d["value"]), typename="Decimal")
    return registry


@dataclass
class Snapshot:
    """What the database holds for a loaded workflow, to write only the difference."""
    tasks: dict = field(default_factory=dict)   # task id -> (owner, marker)
    changed: list = field(default_factory=list)  # tasks written by the last save
    subs: dict = field(default_factory=dict)    # sub id -> serialized body
    top: str = ""
    # What the index tables hold for the case after the last command, so the
    # next one need not read them again (None: not known, read them). Only
    # engine/cases/index.py writes task states and message waits.
    open_tasks: set | None = None               # ids of the task rows in state 'ready'
    waits: set | None = None                    # (task id, message) of message_wait rows
    names: dict = field(default_factory=dict)   # task UUID -> its id as text (formatted once)


@dataclass
class Pending:
    """A command's workflow rows, serialized, waiting to be written (WorkflowStore.prepare)."""
    case_id: int
    top: str | None = None        # the top row's new body; None: unchanged
    top_new: bool = False
    subs: list = field(default_factory=list)
    subs_gone: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    tasks_gone: list = field(default_factory=list)

    def size(self) -> int:
        return (len(self.top or "") + sum(len(r["body"]) for r in self.subs)
                + sum(len(r["body"]) for r in self.tasks))


def _marker(task):
    return (task.state, task.last_state_change, tuple(task._children))


class WorkflowStore:
    def __init__(self):
        self.registry = make_registry()
        self.restorer = TaskRestorer(self.registry)

    # ---- writing -------------------------------------------------------
    def save(self, conn, case_id: int, wf: BpmnWorkflow, snap: Snapshot, new: bool) -> int:
        """Write what changed since `snap` (everything when `new`), bring `snap`
        up to date and return the bytes written. `snap.changed` lists the
        tasks written, for the task index."""
        return self.write(conn, self.prepare(case_id, wf, snap, new))

    def prepare(self, case_id: int, wf: BpmnWorkflow, snap: Snapshot, new: bool) -> "Pending":
        """save()'s rows, serialized, and `snap` brought up to date, without a
        statement: a command does this before it takes SQLite's write lock
        (runtime.Engine.finish), which it then holds only for the statements.
        A command that does not commit discards its workflow and `snap`."""
        pending = Pending(case_id)
        self._prepare_top(pending, wf, snap, new)
        self._prepare_subprocesses(pending, wf, snap)
        self._prepare_tasks(pending, wf, snap)
        return pending

    def write(self, conn, pending: "Pending") -> int:
        """prepare()'s rows, written; the bytes written."""
        cid, rows = pending.case_id, pending
        if rows.top is not None:
            if rows.top_new:
                _INSERT_TOP.run(conn, {"case_id": cid, "workflow": rows.top})
            else:
                _UPDATE_TOP.run(conn, {"cid": cid, "body": rows.top})
        upserts = _UPSERT[conn.dialect.name]
        if rows.subs:
            upserts["sub"].many(conn, rows.subs)
        if rows.subs_gone:
            _DELETE_SUBS.run(conn, {"cid": cid}, rows.subs_gone)
        if rows.tasks:
            upserts["task"].many(conn, rows.tasks)
        if rows.tasks_gone:
            _DELETE_TASKS.run(conn, {"cid": cid}, rows.tasks_gone)
        return rows.size()

    def _attrs(self, wf) -> dict:
        conv = self.registry.convert
        return {
            "data": conv(self.registry.clean(wf.data)),
            "correlations": wf.correlations,
            "last_task": str(wf.last_task.id) if wf.last_task is not None else None,
            "success": wf.success,
            "completed": wf.completed,
            "root": str(wf.task_tree.id),
        }

    def _prepare_top(self, pending, wf, snap, new) -> None:
        attrs = self._attrs(wf)
        attrs["bpmn_events"] = self.registry.convert(wf.bpmn_events)
        body = dumps(attrs)
        if body != snap.top:
            pending.top, pending.top_new = body, new
            snap.top = body

    def _prepare_subprocesses(self, pending, wf, snap) -> None:
        live = set()
        for sub_id, sub in wf.subprocesses.items():
            key = str(sub_id)
            live.add(key)
            attrs = self._attrs(sub)
            attrs["spec"] = sub.spec.name
            body = dumps(attrs)
            if snap.subs.get(key) != body:
                pending.subs.append({"case_id": pending.case_id, "sub_id": key, "body": body,
                                     "completed": bool(sub.completed)})
                snap.subs[key] = body
        pending.subs_gone = [k for k in snap.subs if k not in live]
        for k in pending.subs_gone:
            del snap.subs[k]

    def _prepare_tasks(self, pending, wf, snap) -> None:
        seen = set()
        snap.changed = []
        names = snap.names
        for owner, workflow in _workflows(wf):
            for tid, task in workflow.tasks.items():
                key = names.get(tid)
                if key is None:
                    key = names[tid] = str(tid)
                seen.add(key)
                marker = _marker(task)
                old = snap.tasks.get(key)
                if old is not None and old[1] == marker and not _volatile(task):
                    continue
                pending.tasks.append({"case_id": pending.case_id, "task_id": key, "owner": owner,
                                      "body": dumps(self.registry.convert(task))})
                snap.tasks[key] = (owner, marker)
                snap.changed.append(task)
        self._forget_gone_tasks(pending, snap, seen)

    @staticmethod
    def _forget_gone_tasks(pending, snap, seen):
        loaded_owners = {TOP} | set(snap.subs)
        gone = [k for k, (owner, _) in snap.tasks.items()
                if k not in seen and owner in loaded_owners]
        if gone:
            pending.tasks_gone = gone
            for k in gone:
                del snap.tasks[k]
            snap.names = {u: k for u, k in snap.names.items() if k in snap.tasks}

    # ---- reading -------------------------------------------------------
    def load(self, conn, case_id, spec, subprocess_specs) -> tuple[BpmnWorkflow, Snapshot]:
        return self.load_many(conn, {case_id: (spec, subprocess_specs)})[case_id]

    def load_many(self, conn, specs: dict) -> dict:
        """{case id: (spec, subprocess specs)} -> {case id: (workflow, snapshot)},
        with one query whatever the number of cases."""
        ids = list(specs)
        if not ids:
            return {}
        tops, subs, tasks, index = self._read_rows(conn, ids)
        loaded = {cid: self._build(*specs[cid], tops[cid], subs[cid], tasks[cid]) for cid in ids}
        for cid, (_wf, snap) in loaded.items():
            snap.open_tasks, snap.waits = index[cid]
        return loaded

    def _read_rows(self, conn, ids):
        """Per case: the top row, the live subprocess rows {sub id: body}, the
        task rows {owner: {task id: TaskRestorer.decode's pair}} and the index
        rows (open task ids, {(task id, message)} waits)."""
        tops, subs = {}, {cid: {} for cid in ids}
        tasks = {cid: {TOP: {}} for cid in ids}
        index = {cid: (set(), set()) for cid in ids}
        rows = (_LOAD_ONE.run(conn, {"cid": ids[0]}) if len(ids) == 1
                else conn.execute(LOAD_MANY, {"ids": ids})).all()
        decode = self.restorer.decode
        for kind, cid, key, owner, body in rows:
            if kind == TASK_ROW:
                tasks[cid].setdefault(owner, {})[key] = decode(body)
            elif kind == SUB_ROW:
                subs[cid][key] = body
            elif kind == OPEN_ROW:
                index[cid][0].add(key)
            elif kind == WAIT_ROW:
                index[cid][1].add((key, owner))
            else:
                tops[cid] = body
        return tops, subs, tasks, index

    def _build(self, spec, subprocess_specs, top, subs, by_owner):
        snap = Snapshot(top=top, subs=dict(subs))
        wf = self._restore(spec, subprocess_specs, loads(top), subs, by_owner, snap.names)
        names = snap.names
        for owner, workflow in _workflows(wf):
            for tid, task in workflow.tasks.items():
                snap.tasks[names[tid]] = (owner, _marker(task))
        return wf, snap

    def _restore(self, spec, subprocess_specs, top, subs, by_owner, names) -> BpmnWorkflow:
        wf = BpmnWorkflow(spec, subprocess_specs, deserializing=True)
        self.restorer.restore_tasks(wf, top["root"], by_owner[TOP], names)
        self._set_attrs(wf, top)
        wf.bpmn_events = self.registry.restore(top.get("bpmn_events", []))
        self._restore_subprocesses(wf, wf, subs, by_owner, names)
        return wf

    def _set_attrs(self, workflow, attrs):
        workflow.success = attrs["success"]
        workflow.completed = attrs.get("completed", False)
        workflow.correlations = attrs.get("correlations", {})
        last = attrs.get("last_task")
        workflow.last_task = workflow.tasks.get(UUID(last)) if last else None
        workflow.data = self.registry.restore(attrs.get("data", {}))

    def _restore_subprocesses(self, top, workflow, subs, by_owner, names):
        for task in list(workflow.tasks.values()):
            key = names[task.id]
            if key not in subs:
                continue
            attrs = loads(subs[key])
            sub = BpmnSubWorkflow(top.subprocess_specs[attrs["spec"]], task.id, top,
                                  deserializing=True)
            self.restorer.restore_tasks(sub, attrs["root"], by_owner[key], names)
            self._set_attrs(sub, attrs)
            top.subprocesses[task.id] = sub
            sub.completed_event.connect(task.task_spec._on_subworkflow_completed, task)
            self._restore_subprocesses(top, sub, subs, by_owner, names)


def prune_finished(wf, snap: Snapshot) -> None:
    """Drop finished subprocesses from the live workflow, as a load would leave
    them out, so a cached long case costs what a freshly loaded one does."""
    done = [sid for sid, sub in wf.subprocesses.items()
            if sub.completed and wf.get_task_from_id(sid).has_state(TaskState.FINISHED_MASK)]
    for sid in done:
        key = str(sid)
        del wf.subprocesses[sid]
        snap.subs.pop(key, None)
        for tid in [k for k, (owner, _) in snap.tasks.items() if owner == key]:
            del snap.tasks[tid]
    if done:
        snap.names = {u: k for u, k in snap.names.items() if k in snap.tasks}


def _workflows(wf):
    yield TOP, wf
    for sub_id, sub in wf.subprocesses.items():
        yield str(sub_id), sub


def _volatile(task) -> bool:
    """Tasks whose internal data may change without a state change (multi-instance,
    loops, subprocess parents, waiting events) are rewritten while they are open."""
    return task.state in (TaskState.WAITING, TaskState.READY, TaskState.STARTED)
