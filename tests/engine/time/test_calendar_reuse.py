"""The working calendar is built once and reused by every deadline computation
of the process, until an override is added or removed (issue 15: building a
year of holidays per command cost 7% of a worker's time)."""
from datetime import date as D

import holidays
import pytest
from sqlalchemy import insert

from engine.data.schema import agency
from engine.time import calendar as wcal

TUESDAY = D(2026, 3, 10)
DISTRICTS = {"LINGYA": "LINGYA", "NANZI": "NANZI"}


@pytest.fixture
def cache(monkeypatch):
    """A fresh per-process cache, so no other test's calendar is reused here."""
    fresh = wcal._OverrideCache()
    monkeypatch.setattr(wcal, "_cache", fresh)
    return fresh


@pytest.fixture
def built_years(monkeypatch):
    """Counts the `holidays` tables built (per year), from an empty process cache."""
    built = []
    real = holidays.TW

    def counting(*args, **kw):
        built.append(kw.get("years"))
        return real(*args, **kw)
    monkeypatch.setattr(wcal, "_years", {})
    monkeypatch.setattr(holidays, "TW", counting)
    return built


@pytest.fixture
def district_agencies(db):
    with db.begin() as conn:
        conn.execute(insert(agency), [
            {"code": "A-LINGYA", "name_zh": "苓雅區公所", "name_en": "Lingya", "district": "LINGYA"},
            {"code": "A-NANZI", "name_zh": "楠梓區公所", "name_en": "Nanzi", "district": "NANZI"}])


def calendar_of(db, code):
    with db.connect() as conn:
        return wcal.for_agency(conn, code)


def test_a_year_of_holidays_is_built_once_per_process(db, cache, built_years):
    for _ in range(3):
        calendar_of(db, None).add_working_days(D(2026, 3, 2), 10)
        wcal.WorkingCalendar().is_working_day(D(2026, 6, 19))
        wcal.WorkingCalendar({TUESDAY: wcal.HOLIDAY}).holiday_name(D(2026, 2, 17))
    assert built_years == [2026]
    calendar_of(db, None).add_working_days(D(2026, 12, 28), 10)   # into 2027
    assert built_years == [2026, 2027]


def test_the_calendar_is_reused_across_commands(db, cache, clock, district_agencies):
    first = calendar_of(db, "A-LINGYA")
    assert calendar_of(db, "A-LINGYA") is first is calendar_of(db, None)
    with db.begin() as conn:
        wcal.set_override(conn, TUESDAY, wcal.HOLIDAY, reason="颱風停班", by="t", now=clock.now(),
                          districts={"LINGYA"})
    closed = calendar_of(db, "A-LINGYA")
    assert closed is not first and not closed.is_working_day(TUESDAY)
    assert calendar_of(db, "A-LINGYA") is closed                # per (override set, district)
    assert calendar_of(db, "A-NANZI") is calendar_of(db, None)  # no closure there
    assert calendar_of(db, "A-NANZI").is_working_day(TUESDAY)


def test_adding_and_removing_an_override_rebuilds_it(db, cache, clock, district_agencies):
    before = calendar_of(db, None)
    assert before.is_working_day(TUESDAY)
    with db.begin() as conn:
        wcal.set_override(conn, TUESDAY, wcal.HOLIDAY, reason="颱風停班", by="t", now=clock.now())
    added = calendar_of(db, "A-NANZI")
    assert added is not before and not added.is_working_day(TUESDAY)
    with db.begin() as conn:
        assert wcal.remove_override(conn, TUESDAY)
    removed = calendar_of(db, "A-NANZI")
    assert removed is not added and removed.is_working_day(TUESDAY)


def test_widening_a_district_closure_rebuilds_the_district_calendars(db, cache, clock,
                                                                    district_agencies):
    with db.begin() as conn:
        wcal.set_override(conn, TUESDAY, wcal.HOLIDAY, reason="颱風停班", by="t", now=clock.now(),
                          districts={"LINGYA"})
    assert calendar_of(db, "A-NANZI").is_working_day(TUESDAY)
    with db.begin() as conn:   # same day, same created_at: only the districts differ
        wcal.set_override(conn, TUESDAY, wcal.HOLIDAY, reason="颱風停班", by="t", now=clock.now(),
                          districts={"LINGYA", "NANZI"})
    assert not calendar_of(db, "A-NANZI").is_working_day(TUESDAY)
    assert not calendar_of(db, "A-LINGYA").is_working_day(TUESDAY)
    with db.begin() as conn:
        wcal.remove_override(conn, TUESDAY)
    assert calendar_of(db, "A-LINGYA").is_working_day(TUESDAY)


def test_a_change_in_the_same_transaction_is_seen_by_reload(db, cache, clock):
    with db.begin() as conn:
        before = wcal.WorkingCalendar.load(conn)
        assert wcal.reload(conn) is before             # same rows: the same calendar
        wcal.set_override(conn, TUESDAY, wcal.HOLIDAY, reason="颱風停班", by="t", now=clock.now())
        after = wcal.reload(conn)
        assert after is not before and not after.is_working_day(TUESDAY)
        assert before.is_working_day(TUESDAY)          # a calendar never changes once built
