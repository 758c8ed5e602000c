"""Possible duplicates beside a case (queries.similar_cases): the same matter,
not merely the same category in the same fortnight."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from engine.cases import queries
from engine.data.schema import case, process_definition
from engine.time.clock import TAIPEI

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
ADMIN = queries.Viewer("admin", "DOA", frozenset({"admin"}))
AT = datetime(2026, 3, 2, 9, tzinfo=TAIPEI)


def _add(conn, number, process_key, title, category, district=None, days=0):
    definition = conn.execute(select(process_definition.c.id)).scalar()
    values = dict(number=number, definition_id=definition, process_key=process_key, status="open",
                  title=title, category=category, district=district,
                  received_at=AT + timedelta(days=days), created_at=AT, updated_at=AT)
    return conn.execute(insert(case).values(**values).returning(case)).one()


def _similar(conn, row):
    return [r.number for r in queries.similar_cases(conn, ADMIN, row)]


def test_a_petition_is_like_one_about_the_same_place_and_category(engine, db):
    engine.deploy({"petition.bpmn": (BPMN / "petition.bpmn").read_bytes(),
                   "petition_routing.dmn": (BPMN / "petition_routing.dmn").read_bytes()})
    with db.begin() as conn:
        row = _add(conn, "P-1", "petition", "路燈不亮", "street_light", "D-GUSHAN")
        _add(conn, "P-2", "petition", "路燈閃爍", "street_light", "D-GUSHAN", days=-3)
        _add(conn, "P-3", "petition", "路燈不亮", "street_light", "D-SANMIN", days=-1)
        _add(conn, "P-4", "petition", "路燈不亮", "street_light", "D-GUSHAN", days=-20)
        _add(conn, "C-1", "consumer_complaint", "路燈不亮", "street_light", "D-GUSHAN")
        assert _similar(conn, row) == ["P-2"]


def test_a_complaint_without_a_place_is_like_one_about_the_same_business(engine, db):
    engine.deploy({"petition.bpmn": (BPMN / "petition.bpmn").read_bytes(),
                   "petition_routing.dmn": (BPMN / "petition_routing.dmn").read_bytes()})
    with db.begin() as conn:
        row = _add(conn, "C-1", "consumer_complaint", "快買網股份有限公司 消費爭議", "online")
        _add(conn, "C-2", "consumer_complaint", "快買網股份有限公司 消費爭議", "online", days=-2)
        for i in range(5):   # other businesses, same category, same fortnight
            _add(conn, f"C-9{i}", "consumer_complaint", f"商店{i} 消費爭議", "online", days=-i)
        assert _similar(conn, row) == ["C-2"]
