"""Fixtures shared by the command tests: a case waiting at its officer's task."""
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import task
from engine.time.clock import TAIPEI

CLERK = Actor("clerk", "DOA", frozenset({"intake"}))


@pytest.fixture
def handle_task(engine, db):
    """`handle_task()`: a new 'casework' case registered to EPB, waiting at its
    officer's task: (case id, task id). The test deploys 'casework' first."""
    def make():
        ref = engine.start_case("casework", {"title": "t"}, actor=CLERK,
                                received_at=datetime(2026, 3, 2, 9, tzinfo=TAIPEI))
        with db.connect() as conn:
            reg = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"])).scalar_one()
        engine.complete(reg, CLERK, {"responsible_agency": "EPB", "deadline_days": 6})
        with db.connect() as conn:
            return ref["id"], conn.execute(select(task.c.id).where(
                task.c.case_id == ref["id"], task.c.state == "ready")).scalar_one()
    return make
