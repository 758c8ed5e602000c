"""Fixtures for the shipped process library: the city's reference agencies,
the four models deployed, and a small driver that works tasks as the officer
the task belongs to and moves the clock, firing the timers that fall due."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.time.clock import TAIPEI
from engine.demo.reference import load_reference
from engine.data.schema import audit, case, outbox, task, timer
from engine.scheduling.timers import CLOCK_RUNS

from model_reports import deploy_checked  # tests/engine (on the path: tests/conftest.py)

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"


def library_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(BPMN_DIR.iterdir())
            if p.suffix in (".bpmn", ".dmn")}


@pytest.fixture
def library(engine, db, clock):
    load_reference(db, with_demo_users=False)
    deploy_checked(engine, library_files())   # engine.deploy, validated once per process
    return Driver(engine, db, clock)


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=TAIPEI)


def day(instant) -> str:
    return instant.astimezone(TAIPEI).date().isoformat()


class Driver:
    def __init__(self, engine, db, clock):
        self.engine, self.db, self.clock = engine, db, clock

    def start(self, process_key, data=None, petitioner=None):
        ref = self.engine.start_case(process_key, data or {}, received_at=self.clock.now(),
                                     petitioner_info=petitioner)
        return ref["id"]

    def tasks(self, case_id):
        with self.db.connect() as conn:
            return conn.execute(select(task).where(task.c.case_id == case_id,
                                                   task.c.state == "ready")
                                .order_by(task.c.created_at, task.c.id)).all()

    def open_elements(self, case_id):
        return sorted(t.element_id for t in self.tasks(case_id))

    def task(self, case_id, element_id):
        rows = [t for t in self.tasks(case_id) if t.element_id == element_id]
        assert rows, f"{element_id} not open; open: {self.open_elements(case_id)}"
        return rows[0]

    def complete(self, case_id, element_id, **form):
        row = self.task(case_id, element_id)
        self.engine.complete(row.id, worker(row), form)
        return row

    def advance(self, **delta):
        """Move the clock and fire every timer now due, as the scheduler would."""
        self.clock.advance(**delta)
        fired = 0
        while True:
            with self.db.connect() as conn:
                due = conn.execute(select(timer.c.id).where(   # as timers.claim_due picks
                    timer.c.state == "pending", timer.c.due_at < self.clock.now(), CLOCK_RUNS)
                    .order_by(timer.c.due_at)).scalars().all()
            if not due:
                return fired
            for timer_id in due:
                fired += bool(self.engine.fire_timer(timer_id))

    def case(self, case_id):
        with self.db.connect() as conn:
            return conn.execute(select(case).where(case.c.id == case_id)).one()

    def data(self, case_id):
        import json
        return json.loads(self.case(case_id).summary)

    def wf_data(self, case_id) -> dict:
        """The full case data (lists and dicts too) from the stored workflow."""
        from engine.cases.actors import SYSTEM
        from engine.cases.variables import current
        with self.db.connect() as conn:
            cmd = self.engine.open_command(conn, case_id, SYSTEM)
            return dict(current(cmd.wf))

    def notices(self, case_id):
        with self.db.connect() as conn:
            return conn.execute(select(outbox.c.kind, outbox.c.recipient, outbox.c.body)
                                .where(outbox.c.case_id == case_id).order_by(outbox.c.id)).all()

    def completed_elements(self, case_id):
        with self.db.connect() as conn:
            rows = conn.execute(select(task.c.element_id).where(
                task.c.case_id == case_id, task.c.state == "completed")
                .order_by(task.c.completed_at)).scalars().all()
        return list(rows)

    def audit_actions(self, case_id):
        with self.db.connect() as conn:
            return list(conn.execute(select(audit.c.action).where(audit.c.case_id == case_id)
                                     .order_by(audit.c.id)).scalars())


def worker(row) -> Actor:
    """The officer the task is meant for: its agency and role."""
    role = row.candidate_role or "officer"
    return Actor(f"{(row.candidate_agency or 'doa').lower()}.{role}",
                 row.candidate_agency, frozenset({role}))
