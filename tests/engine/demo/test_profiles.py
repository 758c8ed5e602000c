"""The demo's officers answer as their agency would: a reply's legal basis
fits the petition's category (a noise case does not cite the road act)."""
import random

import pytest

from engine.demo import profiles


def _reply(category: str, language: str = "zh_TW") -> dict:
    start = {"category": category, "language": language}
    for seed in range(50):   # a draw that ends in a reply (not a transfer first)
        steps = list(profiles.handling_steps(random.Random(seed), start))
        if steps[-1][2].get("handling_action") == "reply":
            return steps[-1][2]
    raise AssertionError("no reply drawn")


@pytest.mark.parametrize("category, basis", [
    ("noise", "噪音管制法"), ("road_damage", "市區道路條例第9條"),
    ("illegal_parking", "道路交通管理處罰條例第56條"), ("dengue", "傳染病防治法第25條"),
    ("school", "行政程序法第170條")])
def test_the_reply_cites_the_law_of_its_category(category, basis):
    assert _reply(category)["legal_basis"] == basis


def test_an_english_petition_is_answered_in_english():
    form = _reply("noise", "en")
    assert form["legal_basis"] == "Noise Control Act"
    assert form["reply_text"].isascii()


def test_every_busy_category_has_its_own_reply():
    assert set(profiles.BUSY) | set(profiles.CROSS) - {"flooding", "night_market"} <= set(profiles.REPLIES)


def test_a_mediation_is_recorded_on_the_day_its_step_came_up():
    """Walked: a settled mediation signed on 民國109年, two years before it was received."""
    from datetime import datetime, timezone
    from types import SimpleNamespace
    row = SimpleNamespace(case_id=42, created_at=datetime(2026, 3, 4, 17, 0, tzinfo=timezone.utc))
    for seed in range(100):
        steps = list(profiles.mediation_steps(random.Random(seed)))
        if steps[-1][1] == "record_settlement":
            break
    forms = [form(row) for _hours, _element, form in steps]
    assert {f["session_date"] for f in forms[:-1]} == {"2026-03-05"}   # 01:00 in Taipei
    assert forms[-1]["signed_on"] == "2026-03-05"
    assert forms[-1]["record_number"] == "高市消調字第1150000042號"
