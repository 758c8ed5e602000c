"""A typhoon closure (停班) for named districts moves only the deadlines of the
tasks whose agency sits there; removing it moves them back; a task started
after the closure counts it on its agency's calendar. Real petition model,
injected clock."""
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data.schema import agency, audit, task
from engine.demo.reference import load_reference
from engine.time.calendar import HOLIDAY, TAIPEI
from engine.time.deadlines import as_utc

BPMN_DIR = Path(__file__).resolve().parents[3] / "bpmn"
ADMIN = Actor("admin", "DOA", frozenset({"admin"}))
REGISTER = dict(channel="web", subject="路面坑洞", content="中山路有坑洞", category="road_damage",
                district="D-NANZI", language="zh_TW", art173_ground="none")
DUE_DAY = date(2026, 3, 10)


def _start(engine, clock):
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    return engine.start_case("petition", {"title": "路面坑洞"}, received_at=clock.now(),
                             petitioner_info={"name": "王小明", "email": "wang@example.org"})["id"]


@pytest.fixture
def deployed(engine, db):
    load_reference(db, with_demo_users=False)
    engine.deploy({p.name: p.read_bytes() for p in sorted(BPMN_DIR.iterdir())
                   if p.suffix in (".bpmn", ".dmn")})


@pytest.fixture
def handled_case(engine, db, clock, deployed):
    """Registered Mon 2026-03-02: PWB's (苓雅區) handle task is due Tue 03-10."""
    cid = _start(engine, clock)
    row = _open(db, cid)["register"]
    engine.complete(row.id, Actor("doa.intake", row.candidate_agency,
                                  frozenset({row.candidate_role})), REGISTER)
    return cid


def _open(db, cid) -> dict:
    with db.connect() as conn:
        return {r.element_id: r for r in conn.execute(select(task).where(
            task.c.case_id == cid, task.c.state == "ready"))}


def _due(db, cid, element="handle") -> date:
    return as_utc(_open(db, cid)[element].due_at).astimezone(TAIPEI).date()


def _closure(*codes):
    return calendar_moves.Change(DUE_DAY, HOLIDAY, "凱米颱風停止上班", frozenset(codes))


def test_a_closure_elsewhere_moves_nothing(engine, db, handled_case):
    assert _open(db, handled_case)["handle"].candidate_agency == "PWB"
    moves = calendar_moves.declare(engine, _closure("NANZI", "QISHAN"), ADMIN)
    assert moves.count == 0
    assert _due(db, handled_case) == DUE_DAY


def test_a_closure_of_the_agencys_district_moves_it_and_back(engine, db, handled_case):
    moves = calendar_moves.declare(engine, _closure("LINGYA", "FENGSHAN"), ADMIN)
    assert moves.count == 1 and moves.per_agency() == {"PWB": 1}
    moved = moves.tasks[0]
    assert moved.element_id == "handle" and moved.case_number
    assert (as_utc(moved.old_due).astimezone(TAIPEI).date(),
            as_utc(moved.new_due).astimezone(TAIPEI).date()) == (DUE_DAY, date(2026, 3, 11))
    assert _due(db, handled_case) == date(2026, 3, 11)
    with db.connect() as conn:
        detail, tasks = calendar_moves.recorded(conn, moves.audit_id)
        actions = {r.action for r in conn.execute(select(audit.c.action))}
    assert detail["districts"] == ["FENGSHAN", "LINGYA"] and detail["tasks_moved"] == 1
    assert [t.task_id for t in tasks] == [moved.task_id]
    assert {"calendar_override", "deadline_moved"} <= actions

    back = calendar_moves.declare(engine, calendar_moves.Change(DUE_DAY, None), ADMIN)
    assert back.count == 1
    assert _due(db, handled_case) == DUE_DAY


def test_moving_the_agency_out_of_the_district_keeps_its_deadline(engine, db, handled_case):
    with db.begin() as conn:
        conn.execute(update(agency).where(agency.c.code == "PWB").values(district="SANMIN"))
    assert calendar_moves.apply(engine, _closure("LINGYA"), ADMIN) == 0
    assert _due(db, handled_case) == DUE_DAY


def test_the_whole_city_still_closes(engine, db, handled_case):
    assert calendar_moves.apply(engine, calendar_moves.Change(DUE_DAY, HOLIDAY, "颱風"), ADMIN) == 1
    assert _due(db, handled_case) == date(2026, 3, 11)


def test_a_task_started_after_the_closure_counts_it_on_its_agencys_calendar(
        engine, db, clock, deployed):
    """The register task (DOA, 苓雅區) is due the next working day: not the closed one."""
    calendar_moves.apply(engine, calendar_moves.Change(
        date(2026, 3, 3), HOLIDAY, "颱風", frozenset({"LINGYA"})), ADMIN)
    assert _due(db, _start(engine, clock), "register") == date(2026, 3, 4)


def test_a_task_of_an_agency_elsewhere_ignores_the_closure(engine, db, clock, deployed):
    with db.begin() as conn:
        conn.execute(update(agency).where(agency.c.code == "DOA").values(district="SANMIN"))
    calendar_moves.apply(engine, calendar_moves.Change(
        date(2026, 3, 3), HOLIDAY, "颱風", frozenset({"LINGYA"})), ADMIN)
    assert _due(db, _start(engine, clock), "register") == date(2026, 3, 3)
