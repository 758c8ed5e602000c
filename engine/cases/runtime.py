"""Running cases. Every command is one database transaction together with its
audit record; the version on the case row makes concurrent commands safe.
On SQLite a command computes on a read snapshot and takes the write lock only
to write, run again when another command wrote first (`Engine.execute`)."""
from __future__ import annotations

import json
import threading
from contextlib import nullcontext
from collections import OrderedDict, namedtuple
from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from sqlalchemy import bindparam, exists, func, insert, select, update
from sqlalchemy.engine import Connection

from engine.data import audit
from engine.data.batched import batched_writes
from engine.data.db import optimistic, write_after_snapshot
from engine.data.prepared import Prepared, prepare_all
from . import variables, index, links, messages, notices, timerbatch
from . import clock_hold, petitioner_keys, queries, separation, supplements, transfer
from engine.scheduling import timers, wake
from engine.models import definitions, forms
from .actors import SYSTEM, Actor, require_work
from .numbers import next_number
from engine.time.clock import Clock, to_iso
from engine.time.calendar import year_table
from .command import Command, current_functions
from engine.data.errors import Conflict, Forbidden, NotFound
from engine.models.functions import REPEATABLE
from engine.sandbox import Limits
from .service_calls import CaseScriptEngine
from engine.data.schema import agency, case, petitioner, process_definition, task, timer
from .store import Snapshot, WorkflowStore, prune_finished
from . import spiff_dmn, spiff_iteration, spiff_logging

spiff_logging.install()   # no log records built for SpiffWorkflow loggers that are off
spiff_iteration.install()   # the task-tree walks without their per-task list copies
spiff_dmn.install()   # a FIRST decision table stops at its first matching row


CASE_OF_TASK = select(task.c.case_id).where(task.c.id == bindparam("tid"))
# A completion reads its case row and its task row in one statement.
CASE_AND_TASK = (select(case, task).join(case, case.c.id == task.c.case_id)
                 .where(task.c.id == bindparam("tid")))
CaseRow = namedtuple("CaseRow", [c.name for c in case.c])
TaskRow = namedtuple("TaskRow", [c.name for c in task.c])
CASE_WIDTH = len(case.c)
CASE_BY_ID = select(case).where(case.c.id == bindparam("cid"))
LOCK_CASE = CASE_BY_ID.with_for_update()
LOCK_CASE_OF_TASK = (select(case).where(case.c.id == CASE_OF_TASK.scalar_subquery())
                     .with_for_update())
ALL_AGENCIES = select(agency.c.code)
AGENCIES_NAMED = select(agency.c.code).where(agency.c.code.in_(bindparam("codes", expanding=True)))
# Takes SQLite's write lock and says whether the case is still at the version read.
TOUCH_CASE = (update(case).where(case.c.id == bindparam("cid"), case.c.version == bindparam("old"))
              .values(version=case.c.version))
TASK_NOW = select(task.c.state, task.c.assignee).where(task.c.id == bindparam("tid"))
MIN_DUE = (select(func.min(task.c.due_at))
           .where(task.c.case_id == bindparam("cid"), task.c.state == "ready").scalar_subquery())
# The hot statements, compiled once per dialect and sent on the DBAPI cursor
# (engine/data/prepared.py): SQLAlchemy's per-statement work cost more than SQLite's.
_CASE_AND_TASK = Prepared(CASE_AND_TASK)
_LOCK_CASE = Prepared(LOCK_CASE, row=CaseRow)
_LOCK_CASE_OF_TASK = Prepared(LOCK_CASE_OF_TASK, row=CaseRow)
_TASK_BY_ID = Prepared(select(task).where(task.c.id == bindparam("tid")), row=TaskRow)
_INSERT_CASE = Prepared(insert(case).returning(*case.c), keyed=True, row=CaseRow)


class WorkflowCache:
    """Live workflows kept in memory between commands, checked against the
    case row's version so another process's change is never missed."""

    def __init__(self, size: int):
        self.size, self._items, self._lock = size, OrderedDict(), threading.Lock()

    def take(self, case_id: int, version: int):
        with self._lock:
            entry = self._items.pop(case_id, None)
        return entry[1:] if entry and entry[0] == version else None

    def holds(self, case_id: int, version: int) -> bool:
        with self._lock:
            entry = self._items.get(case_id)
        return entry is not None and entry[0] == version

    def evict(self, case_id: int) -> None:
        with self._lock:
            self._items.pop(case_id, None)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def put(self, case_id: int, version: int, wf, snap):
        with self._lock:
            self._items[case_id] = (version, wf, snap)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Engine:
    def __init__(self, db, clock: Clock | None = None, cache_size: int = 2000, hooks=None,
                 limits: Limits | None = None):
        self.db, self.clock = db, clock or Clock()
        self.specs = definitions.SpecCache()
        self.store = WorkflowStore()
        self.cache = WorkflowCache(cache_size)
        self.script_engine = CaseScriptEngine(functions=current_functions, limits=limits,
                                              repeatable=REPEATABLE)
        self.on_timer = (hooks or {}).get("timer")  # scheduler wake-up, in-process
        self._store_lock = threading.Lock()  # the serializer registry is not thread-safe
        # SQLite: one command computes at a time in this process (its threads share
        # one GIL anyway); the processes compute side by side (`execute`). A thread
        # holding the write lock then does not share the GIL with computing threads.
        self._command_gate = threading.RLock() if db.dialect.name == "sqlite" else nullcontext()

    def warm_up(self) -> int:
        """Before a server process's first command (webapp/warmup.py calls it): this year's
        and next year's holiday tables (importing the `holidays` country modules
        costs ~0.2 s once per process) and the hot statements compiled for this
        database; returns how many statements."""
        year = self.clock.now().year
        for y in (year, year + 1):
            year_table(y)
        return prepare_all(self.db.dialect)

    # ---- definitions ---------------------------------------------------
    def deploy(self, files: dict[str, bytes], actor: Actor = SYSTEM, comment: str = "",
               only: str | None = None):
        """Store the executable processes of `files`, or only process `only`
        (the others came along as the files it calls: their versions stay)."""
        with self.db.begin() as conn:
            return definitions.deploy(conn, files, actor.username, self.clock.now(), comment,
                                      only=only)

    # ---- cases ---------------------------------------------------------
    def start_case(self, process_key: str, data: dict | None = None, *, actor: Actor = SYSTEM,
                   received_at: datetime | None = None, petitioner_info: dict | None = None):
        data = variables.check(data or {})
        now = self.clock.now()
        received = variables.received(received_at, now)
        with self.db.begin() as conn:
            row = self._insert_latest(conn, process_key, data, received, now)
            defn = self.specs.get(conn, row.definition_id)
            if petitioner_info:
                conn.execute(insert(petitioner).values(
                    petitioner_keys.row(row.id, received, petitioner_info)))
            cmd = Command(self, conn, row, defn, actor, now)
            cmd.wf = BpmnWorkflow(defn.spec, defn.subprocess_specs, script_engine=self.script_engine)
            start = {**data, "case_number": row.number, "received_at": to_iso(received)}
            with cmd.active():
                for t in cmd.wf.get_tasks(state=TaskState.READY):
                    t.data.update(start)
                cmd.wf.do_engine_steps()
                messages.deliver(self, cmd)
            cmd.record("start", process=process_key, version=defn.version, data=data)
            self.finish(cmd, None)
        self.after_commit(cmd)
        return {"id": row.id, "number": row.number, "version": cmd.new_version}

    def _insert_latest(self, conn, process_key, data, received, now):
        """insert_case of the process's latest version, found by the INSERT itself
        (INSERT .. SELECT: one statement fewer); NotFound when none is deployed."""
        number = next_number(conn, received)
        values = dict(number=number, process_key=process_key, status="open", received_at=received,
                      created_at=now, updated_at=now, version=0, **variables.columns(data))
        row = _insert_from_latest(tuple(values)).run(conn, values).first()
        if row is None:
            raise NotFound(f"no deployed process '{process_key}'")
        return row

    def insert_case(self, conn, defn, data, received, now):
        """The new case's row (its number taken), before its workflow starts."""
        number = next_number(conn, received)
        values = dict(number=number, definition_id=defn.id, process_key=defn.key, status="open",
                      received_at=received, created_at=now, updated_at=now, version=0,
                      **variables.columns(data))
        # The whole row back (server defaults included) in the INSERT itself.
        return _INSERT_CASE.run(conn, values).one()

    # ---- tasks ---------------------------------------------------------
    def claim(self, task_id: str, actor: Actor):
        row = self._task(task_id)
        require_work(actor, row)
        with self.db.begin() as conn:
            separation.refuse_own_request(conn, self._meta_of(conn, row), row, actor.username)
            res = conn.execute(update(task).where(
                task.c.id == task_id, task.c.state == "ready", task.c.assignee.is_(None))
                .values(assignee=actor.username))
            if res.rowcount != 1:
                raise Conflict("the task was already claimed or completed", task_id=task_id)
            audit.record(conn, case_id=row.case_id, at=self.clock.now(), actor=actor.username,
                         action="claim", task_id=task_id)

    def unclaim(self, task_id: str, actor: Actor):
        row = self._task(task_id)
        require_work(actor, row)
        if row.assignee != actor.username and not actor.has("supervisor"):
            raise Forbidden("only the assignee or a supervisor can release this task")
        with self.db.begin() as conn:
            res = conn.execute(update(task).where(
                task.c.id == task_id, task.c.state == "ready", task.c.assignee == row.assignee)
                .values(assignee=None))
            if res.rowcount != 1:
                raise Conflict("the task changed meanwhile", task_id=task_id)
            audit.record(conn, case_id=row.case_id, at=self.clock.now(), actor=actor.username,
                         action="unclaim", task_id=task_id, previous=row.assignee)

    def complete(self, task_id: str, actor: Actor, form: dict | None = None,
                 expected_version: int | None = None, viewer=None):
        """`viewer` (queries.Viewer): a task it may not see is NotFound, checked
        on the row the command reads (no read of its own before the command)."""
        def body(cmd):
            live = cmd.locked_task(task_id)
            require_work(actor, live)
            if live.assignee and live.assignee != actor.username:
                raise Conflict(f"the task is claimed by {live.assignee}", task_id=task_id)
            meta = cmd.definition.tasks.get(live.element_id)
            separation.refuse_own_request(cmd.conn, meta, live, actor.username, cmd.completers)
            fields = meta.fields if meta else []
            clean = forms.validate(fields, form or {}, self.agencies(cmd.conn, fields, form or {}))
            transfer.refuse_own_agency(fields, clean, live.candidate_agency)
            spiff_task = cmd.wf.get_task_from_id(UUID(task_id))
            spiff_task.data.update(clean)
            spiff_task.run()
            cmd.completed_by[task_id] = actor.username
            cmd.record("complete", task_id, element=live.element_id, form=clean)
        return self.execute(None, actor, body, expected_version, task_id=task_id, viewer=viewer)

    def _meta_of(self, conn, row):
        """The model's declaration of the task `row`."""
        definition_id = conn.execute(select(case.c.definition_id)
                                     .where(case.c.id == row.case_id)).scalar_one()
        return self.specs.get(conn, definition_id).tasks.get(row.element_id)

    def _task(self, task_id: str):
        with self.db.connect() as conn:
            row = conn.execute(select(task).where(task.c.id == str(task_id))).first()
        if row is None:
            raise NotFound("no such task", task_id=task_id)
        if row.state != "ready":
            raise Conflict(f"the task is already {row.state}", task_id=task_id)
        return row

    def agencies(self, conn, fields, form: dict | None = None):
        """The agency codes a form may name: with `form`, only those among its
        answers that exist (one indexed read, not every agency of the city)."""
        kinds = {f.name: f.type for f in fields or () if f.type in ("agency", "agencies")}
        if fields is not None and not kinds:
            return set()
        if form is None:
            return set(conn.execute(ALL_AGENCIES).scalars())
        named = {code for name in kinds for code in _named_codes(form.get(name))}
        if not named:
            return set()
        return set(conn.execute(AGENCIES_NAMED, {"codes": sorted(named)}).scalars())

    # ---- timers and messages ------------------------------------------
    def fire_timer(self, timer_id: int, worker: str | None = None) -> bool:
        """Fire one due timer; False when it was already fired or cancelled."""
        with self.db.connect() as conn:
            row = conn.execute(select(timer).where(timer.c.id == timer_id)).first()
        if row is None or row.state not in ("pending", "claimed"):
            return False

        def body(cmd):
            if clock_hold.stopped(cmd):   # claimed just before 補正 stopped the clock:
                if worker:                # its claim goes back (none when fired unclaimed)
                    timers.release(cmd.conn, [timer_id], worker)
                return False
            cond = [timer.c.id == timer_id, timer.c.state.in_(("pending", "claimed"))]
            if worker:
                cond.append((timer.c.claimed_by == worker) | timer.c.claimed_by.is_(None))
            res = cmd.conn.execute(update(timer).where(*cond).values(
                state="fired", fired_at=cmd.now, claimed_by=worker))
            if res.rowcount != 1:
                return False
            if not index.timer_fires(cmd.wf, row.task_id):
                return False   # its instant moved later: the index re-arms the row
            cmd.record("timer", row.task_id, element=row.element_id, due=str(row.due_at))
            return True
        return self.execute(row.case_id, SYSTEM, body)

    def fire_timers(self, timer_ids: list[int], worker: str) -> int:
        """Fire a batch of timers claimed by `worker` in one transaction (engine/cases/timerbatch.py)."""
        return timerbatch.fire_batch(self, timer_ids, worker)

    def send_message(self, case_id: int, name: str, payload: dict, actor: Actor = SYSTEM):
        """Deliver a message from outside (e.g. a business's reply) to one case."""
        payload = variables.check(payload)

        def body(cmd):
            messages.send_to(cmd, name, payload)
            cmd.record("message", name=name, payload=payload)
        return self.execute(case_id, actor, body)

    # ---- deadlines ----------------------------------------------------
    def resume_clock(self, case_id: int, actor: Actor) -> int:
        """The petitioner answered (補正): open deadlines and their timers move by
        the working days the clock stood still; returns that number."""
        return self.execute(case_id, actor, lambda cmd: supplements.resume(cmd, actor))

    def ask_supplement(self, task_id: str, actor: Actor, request: str, expected_version=None):
        """The officer handling `task_id` asks the petitioner to complete the
        petition (補正): the clock stops (engine/cases/supplements.py)."""
        supplements.ask(self, task_id, actor, request, expected_version)

    def answer_supplement(self, case_id: int, actor: Actor, text: str, files=(),
                          task_id=None) -> int:
        """The petitioner's answer (補正完成): the clock runs again."""
        return supplements.answer(self, case_id, actor, text, files, task_id)

    # ---- the command machinery ---------------------------------------
    def execute(self, case_id, actor: Actor, body, expected_version=None, task_id=None,
                then=None, viewer=None):
        """Run `body(cmd)` on a case (given, or found from `task_id`) as one
        command: one transaction with its audit records; `then(cmd)` writes
        after the command's own writes. On SQLite `body` may run more than once
        (engine/data/db.py `optimistic`: a fresh snapshot when another command
        wrote first), so it must change nothing outside the transaction; the
        workflow cache and the scheduler hear of the command once, after its commit."""
        def attempt(conn):
            if case_id is None:
                cmd = self._open_for_task(conn, str(task_id), actor, expected_version, viewer)
            else:
                cmd = self.open_command(conn, case_id, actor, expected_version)
            return cmd, self.run_command(cmd, body, then)
        with self._command_gate:
            cmd, result = optimistic(self.db, attempt)
        self.after_commit(cmd)
        return result

    def run_command(self, cmd: Command, body, then=None):
        """`body(cmd)`, the engine steps and messages, then the writes, in the
        caller's transaction; a failed command's workflows are not reused."""
        try:
            with cmd.active():
                result = body(cmd)
                clock_hold.engine_steps(cmd)   # no timer fires while the clock is stopped
                messages.deliver(self, cmd)
            self.finish(cmd, cmd.snapshot)
            if then:
                then(cmd)
        except BaseException:
            cmd.discard()
            raise
        return result

    def open_command(self, conn, case_id: int, actor: Actor, expected_version=None) -> Command:
        row = _LOCK_CASE.run(conn, {"cid": case_id}).first()
        if row is None:
            raise NotFound("no such case", case_id=case_id)
        return self._command_checked(conn, row, actor, expected_version)

    def _open_for_task(self, conn, task_id: str, actor: Actor, expected_version,
                       viewer=None) -> Command:
        """open_command for the case of `task_id`, its task row kept for
        `cmd.locked_task`; NotFound before anything else when `viewer` may not
        see it. SQLite: the transaction reads one snapshot (a write after a
        newer commit is refused and the command re-run), so the case and task
        rows come in one statement. PostgreSQL: the case row is locked first;
        the task row is read after the lock (a joined row could be stale)."""
        if conn.dialect.name != "sqlite":
            row = _LOCK_CASE_OF_TASK.run(conn, {"tid": task_id}).first()
            task_row = row and _TASK_BY_ID.run(conn, {"tid": task_id}).first()
        else:
            found = _CASE_AND_TASK.run(conn, {"tid": task_id}).first()
            row, task_row = (CaseRow(*found[:CASE_WIDTH]), TaskRow(*found[CASE_WIDTH:])) \
                if found else (None, None)
        if task_row is None or (viewer is not None and not queries.sees_task(viewer, task_row)):
            raise NotFound("no such task", task_id=task_id)
        cmd = self._command_checked(conn, row, actor, expected_version)
        cmd.task_rows[task_id] = task_row
        return cmd

    def _command_checked(self, conn, row, actor, expected_version) -> Command:
        if expected_version is not None and row.version != expected_version:
            raise Conflict("the case changed since you opened it", case_id=row.id,
                           version=row.version)
        return self.command_for(conn, row, actor)

    def command_for(self, conn, row, actor: Actor, loaded=None) -> Command:
        """A command on the locked case `row`: its workflow from the cache, from
        `loaded` (wf, snapshot) when the caller fetched it, else from the store."""
        defn = self.specs.get(conn, row.definition_id)
        cmd = Command(self, conn, row, defn, actor, self.clock.now())
        cached = self.cache.take(row.id, row.version)
        if cached:
            cmd.wf, cmd.snapshot = cached
            return cmd
        if loaded is None:
            with self._store_lock:
                loaded = self.store.load(conn, row.id, defn.spec, defn.subprocess_specs)
        cmd.wf, cmd.snapshot = loaded
        cmd.wf.script_engine = self.script_engine
        return cmd

    def finish(self, cmd: Command, snapshot) -> None:
        """Write what the command changed: workflow rows, index, case row (its
        version checked), notices, audit. `snapshot` None: a new case."""
        conn = cmd.conn
        # A new case has no index rows yet: nothing to read back.
        cmd.snapshot = snapshot or Snapshot(open_tasks=set(), waits=set())
        if snapshot is None:
            cmd.preloaded.setdefault("timers", {})
        # Rows serialized and new tasks assigned before SQLite's write lock
        # (SQLite: commands of other processes wait for it), written after.
        with self._store_lock:
            rows = self.store.prepare(cmd.case_id, cmd.wf, cmd.snapshot, new=snapshot is None)
        changed = cmd.snapshot.changed
        with cmd.active():
            tasks = index.plan_tasks(cmd, changed)
        case_values = self._case_values(cmd)
        write_after_snapshot(conn, lambda c: _still_current(c, cmd))
        with batched_writes(conn):
            cmd.bytes_written = self.store.write(conn, rows)
            index.write_tasks(cmd, tasks)
        cmd.new_timers = []
        if any(isinstance(t.task_spec, CatchingEvent) for t in changed):
            if index.timers_touched(changed):
                cmd.new_timers = index.sync_timers(cmd)
                wake.announce(conn, cmd.new_timers)
            index.sync_messages(cmd)
        self._update_case(cmd, case_values)
        notices.enqueue_all(cmd)
        for entry in cmd.audit:   # an entry may name its own actor (keeping.py's claim)
            audit.record(conn, case_id=cmd.case_id, at=cmd.now,
                         **{"actor": cmd.actor.username, **entry})
        prune_finished(cmd.wf, cmd.snapshot)  # after the index has seen their tasks

    def _update_case(self, cmd: Command, planned=None) -> None:
        data, values = planned or self._case_values(cmd)
        params = {f"v_{k}": v for k, v in values.items() if v is not MIN_DUE}
        if _case_update_then_head(cmd, tuple(values), values["due_at"] is MIN_DUE,
                                  {**params, "cid": cmd.case_id, "old_version": cmd.case.version}) != 1:
            raise Conflict("the case was changed by someone else", case_id=cmd.case_id)
        cmd.new_version = values["version"]
        links.record(cmd, data)

    @staticmethod
    def _case_values(cmd: Command) -> tuple[dict, dict]:
        """(the workflow's data, the case row's new values)."""
        data = variables.current(cmd.wf)
        values = {"version": cmd.case.version + 1, "updated_at": cmd.now, "due_at": MIN_DUE,
                  "summary": json.dumps(variables.summary(data), ensure_ascii=False, default=str),
                  **variables.columns(data)}
        if cmd.responsible_agency:
            values["responsible_agency"] = cmd.responsible_agency
        if cmd.case.extended:   # 展期 is never undone by case data
            values["extended"] = True
        if cmd.escalations:
            values["escalation_level"] = max(max(lvl for lvl, _ in cmd.escalations),
                                             cmd.case.escalation_level)
        if cmd.wf.completed:
            values.update(status="completed", closed_at=cmd.now, due_at=None)
        return data, values

    def after_commit(self, cmd: Command) -> None:
        """Once the command committed: keep its live workflows, wake the scheduler."""
        for c in [cmd, *getattr(cmd, "related", [])]:
            self.cache.put(c.case_id, c.new_version, c.wf, c.snapshot)
        if self.on_timer:
            for due in getattr(cmd, "new_timers", []):
                self.on_timer(due)


def _still_current(conn, cmd: Command) -> bool:
    """The case row and the task rows the command read are as it read them
    (a claim changes a task row without moving the case's version): one
    UPDATE that matches only then, and takes the write lock."""
    params = {"cid": cmd.case_id, "old": cmd.case.version}
    for i, (tid, row) in enumerate(cmd.task_rows.items()):
        params.update({f"t{i}": tid, f"s{i}": row.state, f"a{i}": row.assignee})
    return _probe(len(cmd.task_rows)).run(conn, params).rowcount == 1


_PROBES: dict = {}


def _probe(tasks: int) -> Prepared:
    """TOUCH_CASE, also requiring `tasks` task rows (t0, s0, a0 ...) to hold
    the state and assignee read."""
    found = _PROBES.get(tasks)
    if found is None:
        same = [exists().where(task.c.id == bindparam(f"t{i}"), task.c.state == bindparam(f"s{i}"),
                               task.c.assignee.is_not_distinct_from(bindparam(f"a{i}")))
                for i in range(tasks)]
        found = _PROBES[tasks] = Prepared(TOUCH_CASE.where(*same))
    return found


_LATEST_INSERTS: dict = {}


def _insert_from_latest(names: tuple) -> Prepared:
    """INSERT INTO case (names.., definition_id) SELECT :names.., the latest
    definition's id of :process_key; the whole row back. Built once per column set."""
    found = _LATEST_INSERTS.get(names)
    if found is None:
        d = process_definition.c
        latest = (select(*(bindparam(n, type_=case.c[n].type) for n in names), d.id)
                  .where(d.key == bindparam("process_key")).order_by(d.version.desc()).limit(1))
        stmt = (insert(case).from_select([*names, "definition_id"], latest)
                .returning(*case.c))
        found = _LATEST_INSERTS[names] = Prepared(stmt, row=CaseRow)
    return found


_CASE_UPDATES: dict = {}


def _case_update(names: tuple, min_due: bool):
    """The case row's UPDATE for one set of columns, built once per set (building
    Core statements costs more than running them); the version in the WHERE
    clause refuses a concurrent change. `min_due`: due_at is the earliest open task's."""
    return _case_updates(names, min_due)[0]


def _case_updates(names: tuple, min_due: bool) -> tuple:
    """(_case_update's statement, it prepared returning the audit chain's lock
    (PostgreSQL), it prepared returning the chain's head (SQLite))."""
    stmts = _CASE_UPDATES.get((names, min_due))
    if stmts is None:
        values = {n: (MIN_DUE if n == "due_at" and min_due else bindparam(f"v_{n}"))
                  for n in names}
        stmt = (update(case).where(case.c.id == bindparam("cid"),
                                   case.c.version == bindparam("old_version")).values(**values))
        stmts = _CASE_UPDATES[(names, min_due)] = (
            stmt, Prepared(stmt.returning(audit.TAKE_LOCK), only="postgresql"),
            Prepared(stmt.returning(audit.HEAD_OF_CHAIN), only="sqlite"))
    return stmts


def _case_update_then_head(cmd: Command, names: tuple, min_due: bool, params: dict) -> int:
    """Run the case row's UPDATE; the rows it changed. On SQLite the UPDATE holds
    the write lock from its start, so it also reads the audit chain's head,
    which then cannot move before the commit: the audit rows need no read. On
    PostgreSQL it takes the chain's lock (the command's audit rows follow)."""
    stmt, with_lock, with_head = _case_updates(names, min_due)
    conn = cmd.conn
    if not isinstance(conn, Connection):   # a timer batch gathers the statement itself
        return conn.execute(stmt, params).rowcount
    if conn.dialect.name != "sqlite":
        rows = with_lock.run(conn, params).all()
        if rows:
            audit.lock_taken(conn)
        return len(rows)
    rows = with_head.run(conn, params).all()
    if rows:
        audit.remember_head(conn, rows[0][0])
    return len(rows)


def _named_codes(raw) -> list[str]:
    """The agency codes an agency or agencies answer names, as forms.validate reads them."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else str(raw).split(",")
    return [str(item).strip() for item in items if str(item).strip()]
