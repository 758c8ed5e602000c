"""Fixtures shared by the command tests: a case waiting at its officer's task."""
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import task
from engine.demo.reference import load_reference
from engine.time.clock import TAIPEI

CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
BPMN_DIR = Path(__file__).resolve().parents[3] / "bpmn"
ROAD_DAMAGE = dict(channel="web", subject="路面坑洞", content="中山路有坑洞", category="road_damage",
                   district="D-NANZI", language="zh_TW", art173_ground="none")


def _ready_tasks(db, case_id) -> dict:
    """The case's ready tasks by element id."""
    with db.connect() as conn:
        return {r.element_id: r for r in conn.execute(select(task).where(
            task.c.case_id == case_id, task.c.state == "ready"))}


@pytest.fixture
def road_petition(engine, db, clock):
    """A web petition about a pothole registered on Mon 2026-03-02 with the
    shipped models and the city's reference data: waiting at PWB's handle
    task, due Tue 03-10. Its case id."""
    load_reference(db, with_demo_users=False)
    engine.deploy({p.name: p.read_bytes() for p in sorted(BPMN_DIR.iterdir())
                   if p.suffix in (".bpmn", ".dmn")})
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    cid = engine.start_case("petition", {"title": "路面坑洞"}, received_at=clock.now(),
                            petitioner_info={"name": "王小明", "email": "wang@example.org"})["id"]
    row = _ready_tasks(db, cid)["register"]
    engine.complete(row.id, Actor("doa.intake", row.candidate_agency,
                                  frozenset({row.candidate_role})), ROAD_DAMAGE)
    return cid


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
