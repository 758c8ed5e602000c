"""engine/report/prose.py: the department's wording per period, with figures
only as known placeholders; saved with one audit record, kept per period."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from engine.data.schema import audit
from engine.report import prose
from engine.report.layout import CHAPTERS, sections
from engine.report.period import Period
from engine.report.placeholders import MEANINGS

MARCH, APRIL = Period(date(2026, 3, 1), date(2026, 3, 31)), Period(date(2026, 4, 1), date(2026, 4, 30))
NOW = datetime(2026, 4, 2, 1, 0, tzinfo=timezone.utc)


def test_every_default_names_only_known_figures():
    assert [s.key for s in sections()][0] == "opening" and sections()[-1].key == "closing"
    assert len(CHAPTERS) == 6
    for sec in sections():
        assert prose.problem(sec.prose) is None, sec.key
    used = {n for s in sections() for n in prose.PLACEHOLDER.findall(s.prose)}
    assert used <= set(MEANINGS)


@pytest.mark.parametrize("text,problem", [
    ("共 {petitions_total} 件", None), ("共 { petitions_total } 件", None), ("單獨的 { 括號", None),
    ("{petition_total}", ("unknown_placeholder", {"names": "{petition_total}"})),
    ("{0} {petitions_total.__class__}", ("unknown_placeholder", {"names": "{0}, {petitions_total.__class__}"})),
    ("字" * 4001, ("too_long", {"max": 4000, "length": 4001})),
])
def test_problems(text, problem):
    assert prose.problem(text) == problem


def test_render_fills_known_placeholders_only():
    assert prose.render("共 { car_trips } 車次，{ 其他", {"car_trips": "1,043"}) == "共 1,043 車次，{ 其他"


def test_saved_per_period_with_one_audit_record(db):
    with db.begin() as conn:
        changed = prose.save(conn, MARCH, {"vehicles": "派車 {car_trips} 車次", "closing": sections()[-1].prose,
                                           "nonsense": "x"}, "doaboss", NOW)
    assert changed == ["vehicles"]          # the unchanged default and unknown sections are not kept
    with db.begin() as conn:
        prose.save(conn, MARCH, {"vehicles": "派車 {car_trips} 車次，平安。"}, "admin", NOW)
    with db.connect() as conn:
        march, april = prose.texts(conn, MARCH), prose.texts(conn, APRIL)
        kept = prose.load(conn, MARCH)
        rows = conn.execute(select(audit.c.actor, audit.c.detail).where(audit.c.action == "report_prose_saved")).all()
    assert march["vehicles"] == "派車 {car_trips} 車次，平安。" and kept["vehicles"]["updated_by"] == "admin"
    assert april["vehicles"] == prose.defaults()["vehicles"]
    assert [(actor, json.loads(d)["period_start"]) for actor, d in rows] == [("doaboss", "2026-03-01"),
                                                                              ("admin", "2026-03-01")]


def test_a_refused_text_keeps_nothing(db):
    with pytest.raises(prose.ProseRefused) as refused:
        with db.begin() as conn:
            prose.save(conn, MARCH, {"closing": "謝謝", "repairs": "{repairs}"}, "doaboss", NOW)
    assert refused.value.problems == {"repairs": ("unknown_placeholder", {"names": "{repairs}"})}
    with db.connect() as conn:
        assert prose.load(conn, MARCH) == {}
