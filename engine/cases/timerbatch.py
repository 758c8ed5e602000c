"""Firing a batch of claimed timers in one transaction.

When thousands of timers fall due together (every reminder of a day at
08:30), a transaction per timer spends most of its time on round trips:
begin, lock the case, three reads of its workflow, commit. A batch marks
its timers fired, locks its cases and reads their workflows with a fixed
number of statements, then runs each case as its own command inside the
one transaction. Each case still gets its audit rows, notices and index
updates exactly as `Engine.fire_timer` would give them.

Within the batch, the writes nobody reads back (workflow rows, audit rows)
are gathered and sent as one multi-row statement each, and the index rows
the commands consult are read for all cases at once (index.preload).

If any case of the batch raises, the whole batch rolls back and the caller
fires its timers one by one (engine/scheduling/scheduler.py), so only the failing
timer is retried and counted against its attempts.
"""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select, update
from sqlalchemy.sql.dml import Update, UpdateBase
from sqlalchemy.sql.util import find_tables

from engine.data import audit
from engine.data.errors import Conflict
from . import clock_hold, index, store
from .actors import SYSTEM
from engine.data.schema import case, timer


def fire_batch(engine, timer_ids: list[int], worker: str) -> int:
    """Fire the timers `worker` claimed; returns how many fired."""
    with engine.db.begin() as conn:
        claimed = _mark_fired(conn, engine.clock.now(), timer_ids, worker)
        batch_conn = BatchConnection(conn)
        commands = _open_commands(engine, batch_conn, claimed)
        fired = 0
        for cmd in commands:
            fired += _run(engine, cmd, claimed[cmd.case_id])
        batch_conn.flush()
    for cmd in commands:
        engine.after_commit(cmd)
    return fired


def _mark_fired(conn, now, timer_ids, worker) -> dict:
    # One write per timer: fired, or handed back when its case waits (補正).
    rows = conn.execute(update(timer).where(
        timer.c.id.in_(timer_ids), timer.c.state == "claimed", timer.c.claimed_by == worker,
    ).values(**clock_hold.firing(now)).returning(
        timer.c.case_id, timer.c.task_id, timer.c.element_id, timer.c.due_at, timer.c.state)).all()
    by_case = defaultdict(list)
    for r in rows:
        if r.state == "fired":
            by_case[r.case_id].append(r)
    return dict(sorted(by_case.items()))   # case order = lock order, as everywhere


def _open_commands(engine, conn, claimed: dict) -> list:
    if not claimed:
        return []
    rows = conn.execute(select(case).where(case.c.id.in_(list(claimed)))
                        .order_by(case.c.id).with_for_update()).all()
    todo = {r.id: engine.specs.get(conn, r.definition_id) for r in rows
            if not engine.cache.holds(r.id, r.version)}
    with engine._store_lock:
        loaded = engine.store.load_many(
            conn, {cid: (d.spec, d.subprocess_specs) for cid, d in todo.items()}) if todo else {}
    preloaded = index.preload(conn, [r.id for r in rows])
    commands = [engine.command_for(conn, r, SYSTEM, loaded.get(r.id)) for r in rows]
    for cmd in commands:
        cmd.preloaded = preloaded[cmd.case_id]
    return commands


def _run(engine, cmd, timers) -> int:
    def body(cmd):
        if clock_hold.stopped(cmd):   # 補正 stopped the clock after the batch's write
            clock_hold.hand_back(cmd.conn, cmd.case_id, [t.task_id for t in timers])
            return 0
        fired = 0
        for t in timers:
            if index.timer_fires(cmd.wf, t.task_id):
                cmd.record("timer", t.task_id, element=t.element_id, due=str(t.due_at))
                fired += 1
        return fired
    return engine.run_command(cmd, body)


class BatchConnection:
    """The batch's connection as its commands see it. Writes of the statements
    in DEFERRED are gathered and sent as one executemany each; any read first
    sends what was gathered, so no read (another case's workflow reached by a
    message, say) sees stale rows. Everything else goes straight through.

    The version-checked case row UPDATEs are gathered too (their rows are
    locked by the batch; the summed row count is checked when sent, a Conflict
    rolls the batch back), and the audit rows are chained only when sent
    (audit.record_chained): the audit chain's lock, which orders every
    command's commit on PostgreSQL, is then held for the batch's last
    statements only, not while its cases compute."""

    DEFERRED = frozenset({store.UPDATE_TOP, *store.ROW_WRITES, audit.INSERT})
    WRITTEN = frozenset({"case_state", "case_wf_task", "audit", "case"})

    def __init__(self, conn):
        self._conn, self._pending, self._audit = conn, {}, []
        self._checked: set = set()   # statements whose row count must match

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def gather_audit(self, row: dict) -> None:
        self._audit.append(row)

    def execute(self, statement, parameters=None, **kw):
        if self._is_case_update(statement, parameters) and not kw:
            self._pending.setdefault(statement, []).append(parameters)
            self._checked.add(statement)
            return _Counted(1)
        if statement in self.DEFERRED and parameters is not None and not kw:
            rows = parameters if isinstance(parameters, list) else [parameters]
            self._pending.setdefault(statement, []).extend(rows)
            return None
        if self._pending and self._reads_gathered(statement):
            self.flush()
        return self._conn.execute(statement, parameters, **kw)

    def _reads_gathered(self, statement) -> bool:
        """A read of a table the gathered writes touch (unknown tables: assume so)."""
        if isinstance(statement, UpdateBase):
            return False
        tables = {t.name for t in find_tables(statement)}
        return not tables or bool(tables & self.WRITTEN)

    @staticmethod
    def _is_case_update(statement, parameters) -> bool:
        return (isinstance(statement, Update) and statement.table is case
                and isinstance(parameters, dict) and "old_version" in parameters)

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for statement, rows in pending.items():
            res = self._conn.execute(statement, rows)
            if statement in self._checked and res.rowcount != len(rows):
                raise Conflict("a case of the timer batch was changed by someone else")
        rows, self._audit = self._audit, []
        if rows:
            audit.record_chained(self._conn, rows)


class _Counted:
    """The result a gathered UPDATE hands back: the rows it will change."""

    def __init__(self, rowcount: int):
        self.rowcount = rowcount
