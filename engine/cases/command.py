"""The context of one running command on one case."""
from __future__ import annotations

import contextvars
import re
from contextlib import contextmanager

from engine.time import calendar as wcal
from sqlalchemy import select

from engine.time.clock import parse_iso
from engine.data.errors import Conflict, NotFound
from engine.models.functions import bind
from . import model_code
from engine.data.schema import task

_functions: contextvars.ContextVar[dict] = contextvars.ContextVar("model_functions", default={})
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


_command: contextvars.ContextVar = contextvars.ContextVar("command", default=None)


def current_functions() -> dict:
    return _functions.get()


def current_command():
    """The command whose model code runs now (service tasks need its connection)."""
    return _command.get()


class Command:
    def __init__(self, engine, conn, case_row, definition, actor, now):
        self.engine, self.conn, self.case, self.definition = engine, conn, case_row, definition
        self.actor, self.now = actor, now
        self.case_id = case_row.id
        self.received_at = case_row.received_at
        self.wf = None
        self.snapshot = None
        self.related: list["Command"] = []   # cases reached by messages in this command
        self.new_version = case_row.version
        self.responsible_agency = None
        self.notices: list[dict] = []
        self.escalations: list[tuple] = []
        self.preloaded: dict = {}  # index rows read in bulk for a batch (index.preload)
        self.completed_by: dict[str, str] = {}
        # {element id: its latest completer's row}, read once per command
        # (separation.last_completer: not_by and keep_with share the read).
        self.completers: dict = {}
        self.task_rows: dict = {}  # task rows read with the locked case row (runtime._open_for_task)
        self.audit: list[dict] = []
        self._calendar = None
        self._districts: dict[str, str | None] = {}   # agency code -> its district
        self.calendar_agency = None   # the agency whose task's due is being computed

    def calendar(self):
        """The working calendar of the agency a deadline is counted for: the
        task's while its due is computed, else the case's responsible agency
        (a typhoon closure 停班 may close only some districts)."""
        if self._calendar is None:
            self._calendar = wcal._cache.get(self.conn)
        code = self.calendar_agency or getattr(self.case, "responsible_agency", None)
        if not code or not self._calendar.closures:
            return self._calendar
        if code not in self._districts:
            self._districts[code] = wcal.agency_district(self.conn, code)
        return self._calendar.for_district(self._districts[code])

    @contextmanager
    def active(self):
        """Bind the model functions and the clock for SpiffWorkflow's code."""
        f_token = _functions.set(bind(self))
        cmd_token = _command.set(self)
        c_token = self.engine.clock.activate()
        try:
            yield self
        except Exception as err:
            refusal = model_code.stopped(err)
            if refusal is None:
                raise
            raise refusal from err
        finally:
            _functions.reset(f_token)
            _command.reset(cmd_token)
            c_token.var.reset(c_token)

    def evaluate(self, spiff_task, expression: str):
        return self.engine.script_engine.evaluate(spiff_task, expression)

    def task_assignment(self, spiff_task, meta):
        """Candidate agency, role, due instant and priority of a new user task."""
        if meta is None:
            return None, "officer", None, 0
        agency = meta.lane_agency
        if meta.agency_expr:
            agency = self._agency_from(spiff_task, meta.agency_expr)
        role = meta.role or meta.lane_role or "officer"
        due = self._due(spiff_task, meta.due_expr, agency) if meta.due_expr else None
        return agency, role, due, meta.priority

    def _due(self, spiff_task, expr, agency):
        """The due instant, counted on the calendar of the task's agency."""
        self.calendar_agency = agency
        try:
            return parse_iso(self.evaluate(spiff_task, expr))
        finally:
            self.calendar_agency = None

    def _agency_from(self, spiff_task, expr):
        value = self.evaluate(spiff_task, expr)
        return str(value) if value else None

    def locked_task(self, task_id: str):
        """The task row, read with the case (on SQLite from the command's snapshot,
        read again before its writes): it must still be open."""
        row = self.task_rows.get(task_id)
        if row is None:
            row = self.conn.execute(select(task).where(task.c.id == task_id)).first()
        if row is None or row.case_id != self.case_id:
            raise NotFound("no such task", task_id=task_id)
        self.task_rows[task_id] = row   # checked again before the writes (runtime.finish)
        if row.state != "ready":
            raise Conflict(f"the task is already {row.state}", task_id=task_id)
        return row

    def discard(self) -> None:
        """The command failed: its in-memory workflows must not be reused."""
        self.engine.cache.evict(self.case_id)
        for other in self.related:
            other.discard()

    def record(self, action: str, task_id=None, **detail):
        self.audit.append({"action": action, "task_id": task_id, **detail})
