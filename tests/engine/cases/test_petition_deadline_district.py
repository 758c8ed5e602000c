"""The petition's deadline is set (set_deadline) before the case row names its
responsible agency: it must still be counted on the calendar of the agency the
routing chose, so a district closure (停班) declared beforehand counts for an
agency sitting there and not for one elsewhere. Real petition model, injected
clock."""
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases import calendar_moves
from engine.cases.actors import Actor
from engine.data.schema import task
from engine.demo.reference import load_reference
from engine.time.calendar import HOLIDAY, TAIPEI
from engine.time.deadlines import as_utc

BPMN_DIR = Path(__file__).resolve().parents[3] / "bpmn"
ADMIN = Actor("admin", "DOA", frozenset({"admin"}))
CLOSED = date(2026, 3, 5)   # a Thursday inside the 6 working days from Mon 03-02


@pytest.fixture
def deployed(engine, db):
    load_reference(db, with_demo_users=False)
    engine.deploy({p.name: p.read_bytes() for p in sorted(BPMN_DIR.iterdir())
                   if p.suffix in (".bpmn", ".dmn")})


def _registered(engine, db, clock, category: str) -> dict:
    """A web petition received Mon 2026-03-02 09:00, registered and routed."""
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    cid = engine.start_case("petition", {"title": "陳情"}, received_at=clock.now(),
                            petitioner_info={"name": "王小明", "email": "wang@example.org"})["id"]
    row = _open(db, cid)["register"]
    engine.complete(row.id, Actor("doa.intake", row.candidate_agency,
                                  frozenset({row.candidate_role})),
                    dict(channel="web", subject="陳情", content="請處理", category=category,
                         district="CITY", language="zh_TW", art173_ground="none"))
    return _open(db, cid)


def _open(db, cid) -> dict:
    with db.connect() as conn:
        return {r.element_id: r for r in conn.execute(select(task).where(
            task.c.case_id == cid, task.c.state == "ready"))}


def _day(row) -> date:
    return as_utc(row.due_at).astimezone(TAIPEI).date()


def _close(engine, *codes):
    calendar_moves.apply(engine, calendar_moves.Change(
        CLOSED, HOLIDAY, "颱風停止上班", frozenset(codes) or None), ADMIN)


def test_a_closure_declared_before_routing_counts_for_the_agency_sitting_there(
        engine, db, clock, deployed):
    _close(engine, "LINGYA")
    in_lingya = _registered(engine, db, clock, "road_damage")["handle"]     # PWB, 苓雅區
    elsewhere = _registered(engine, db, clock, "noise")["handle"]           # EPB, 前鎮區
    assert (in_lingya.candidate_agency, elsewhere.candidate_agency) == ("PWB", "EPB")
    assert _day(elsewhere) == date(2026, 3, 10)
    assert _day(in_lingya) == date(2026, 3, 11)


def test_a_city_wide_closure_counts_for_every_agency(engine, db, clock, deployed):
    _close(engine)
    for category in ("road_damage", "noise"):
        assert _day(_registered(engine, db, clock, category)["handle"]) == date(2026, 3, 11)


def test_without_a_closure_every_agency_has_the_same_deadline(engine, db, clock, deployed):
    for category in ("road_damage", "noise"):
        assert _day(_registered(engine, db, clock, category)["handle"]) == date(2026, 3, 10)
