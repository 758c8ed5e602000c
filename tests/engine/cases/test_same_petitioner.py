"""Earlier cases of the same person beside a new one (queries.same_petitioner):
the same phone however it is written, or the same e-mail; a confidential
petitioner's other cases only to whom may see that identity (Art. 170)."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from engine.cases import queries
from engine.cases.actors import Actor
from engine.data.schema import case, task
from engine.demo.reference import load_reference

BPMN_DIR = Path(__file__).resolve().parents[3] / "bpmn"
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
ROAD_DAMAGE = dict(channel="web", subject="路面坑洞", content="中山路有坑洞", category="road_damage",
                   district="D-NANZI", language="zh_TW", art173_ground="none")

INTAKE = queries.Viewer("clerk", "DOA", frozenset({"intake"}))
ADMIN = queries.Viewer("admin", "DOA", frozenset({"admin"}))


def _petition(engine, db, clock, days=0, confidential=False, **person):
    ref = engine.start_case("petition", {"title": "t"}, actor=CLERK,
                            received_at=clock.now() + timedelta(days=days),
                            petitioner_info={"name": "王小明", **person})
    with db.connect() as conn:
        reg = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"])).scalar_one()
    engine.complete(reg, CLERK, dict(ROAD_DAMAGE, confidential=confidential))
    return ref["number"]


def _same(db, number, viewer=INTAKE):
    with db.connect() as conn:
        row = conn.execute(select(case).where(case.c.number == number)).one()
        return [r.number for r in queries.same_petitioner(conn, viewer, row)]


def test_the_same_phone_or_email_however_written(engine, db, clock):
    load_reference(db, with_demo_users=False)
    engine.deploy({p.name: p.read_bytes() for p in BPMN_DIR.iterdir() if p.name.startswith("petition")})
    by_phone = _petition(engine, db, clock, days=-30, phone="+886 911-222-333")
    by_mail = _petition(engine, db, clock, days=-3, email="Ming@Example.TW")
    too_old = _petition(engine, db, clock, days=-120, phone="0911222333")
    _petition(engine, db, clock, days=-2, phone="0911222334", email="other@example.tw")
    new = _petition(engine, db, clock, phone="0911 222 333", email="ming@example.tw")
    assert _same(db, new) == [by_mail, by_phone]
    assert too_old not in _same(db, new)
    assert _same(db, _petition(engine, db, clock, phone="無")) == []   # no number to match


def test_a_confidential_petitioners_other_case_only_to_who_sees_the_identity(engine, db, clock):
    load_reference(db, with_demo_users=False)
    engine.deploy({p.name: p.read_bytes() for p in BPMN_DIR.iterdir() if p.name.startswith("petition")})
    hidden = _petition(engine, db, clock, days=-5, confidential=True, phone="0911222333")
    new = _petition(engine, db, clock, phone="0911222333")
    assert _same(db, new, INTAKE) == [hidden]   # the intake office that registered it
    assert _same(db, new, ADMIN) == []          # sees every case, not a confidential identity
