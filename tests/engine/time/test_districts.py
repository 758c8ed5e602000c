"""Kaohsiung's districts and the calendar of an agency in a closed district:
a closure for named districts (停班) is a day off there only."""
from datetime import date as D

import pytest

from engine.time import districts
from engine.time.calendar import HOLIDAY, WorkingCalendar, set_override

CLOSED = {D(2026, 3, 10): frozenset({"LINGYA", "FENGSHAN"})}   # a Tuesday


def test_the_38_districts_by_code_zh_and_english_name():
    assert len(districts.all_districts()) == 38
    assert districts.resolve("苓雅區") == districts.resolve("苓雅") == "LINGYA"
    assert districts.resolve("fengshan") == districts.resolve("Fengshan District") == "FENGSHAN"
    with pytest.raises(districts.UnknownDistrict):
        districts.resolve("信義區")     # Taipei's


def test_encode_sorts_and_refuses_unknown_codes():
    assert districts.encode(["LINGYA", "FENGSHAN", "LINGYA"]) == "FENGSHAN,LINGYA"
    assert districts.encode([]) is None
    assert districts.decode("FENGSHAN,LINGYA") == {"FENGSHAN", "LINGYA"}
    with pytest.raises(districts.UnknownDistrict):
        districts.encode(["TAIPEI"])


def test_a_district_closure_is_a_day_off_for_that_district_only():
    cal = WorkingCalendar(closures=CLOSED)
    assert cal.is_working_day(D(2026, 3, 10))                       # the city works
    assert not cal.for_district("LINGYA").is_working_day(D(2026, 3, 10))
    assert cal.for_district("NANZI") is cal and cal.for_district(None) is cal
    assert cal.for_district("FENGSHAN").add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)
    assert cal.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)
    assert cal.for_district("LINGYA") is cal.for_district("LINGYA")   # cached


def test_load_for_an_agency_reads_its_district(db, clock):
    from engine.demo.reference import load_reference
    load_reference(db, with_demo_users=False)
    with db.begin() as conn:
        set_override(conn, D(2026, 3, 10), HOLIDAY, reason="颱風停班", by="t", now=clock.now(),
                     districts={"LINGYA"})
    with db.connect() as conn:
        assert not WorkingCalendar.load(conn, agency="DOA").is_working_day(D(2026, 3, 10))
        assert WorkingCalendar.load(conn, agency="D-NANZI").is_working_day(D(2026, 3, 10))
        assert WorkingCalendar.load(conn).is_working_day(D(2026, 3, 10))


def test_an_extra_working_day_cannot_be_for_districts(db, clock):
    with db.begin() as conn, pytest.raises(ValueError):
        set_override(conn, D(2026, 3, 7), "workday", reason="補行上班", by="t", now=clock.now(),
                     districts={"LINGYA"})
