"""The working calendar: Taiwan holidays, make-up Saturdays, overrides."""
from datetime import date, datetime, timedelta, timezone

import pytest

from engine.time.calendar import WorkingCalendar, list_overrides, remove_override, set_override

D = date
CAL = WorkingCalendar()

# (received, n working days, due day). Counting starts on the next working
# day after receipt; the make-up Saturdays 2024-02-17 and 2025-02-08 count.
WORKING_DAY_CASES = [
    (D(2024, 2, 7), 6, D(2024, 2, 21)),    # LNY 2/8-2/14, 2/17 make-up Saturday
    (D(2024, 2, 16), 1, D(2024, 2, 17)),   # the make-up Saturday itself
    (D(2024, 4, 3), 2, D(2024, 4, 9)),     # Children's + Tomb-Sweeping 4/4-4/5
    (D(2025, 1, 24), 6, D(2025, 2, 8)),    # LNY 1/25-2/2, 2/8 make-up Saturday
    (D(2025, 2, 8), 1, D(2025, 2, 10)),    # received on the make-up Saturday
    (D(2025, 9, 26), 1, D(2025, 9, 30)),   # Teacher's Day observed 9/29 (new in 2025)
    (D(2026, 2, 13), 6, D(2026, 3, 3)),    # LNY 2/15-2/20, 2/27 observed, no make-up day
    (D(2026, 9, 24), 10, D(2026, 10, 13)),  # Mid-Autumn 9/25, 9/28, 10/9
    (D(2027, 2, 3), 10, D(2027, 2, 24)),   # LNY 2/4-2/10
    (D(2027, 12, 23), 3, D(2027, 12, 29)),  # 12/24 observed Constitution Day
    (D(2027, 12, 23), 5, D(2028, 1, 3)),   # 12/31 observed New Year across the year
    (D(2025, 3, 3), 0, D(2025, 3, 3)),
]

# (start, n calendar days, last day) per Administrative Procedure Act Art. 48.
CALENDAR_DAY_CASES = [
    (D(2024, 2, 2), 15, D(2024, 2, 17)),   # make-up Saturday 2/17 is worked: stays
    (D(2024, 1, 30), 10, D(2024, 2, 15)),  # lands in LNY -> first working day after
    (D(2025, 1, 24), 15, D(2025, 2, 8)),   # make-up Saturday 2/8 is worked: stays
    (D(2025, 1, 13), 15, D(2025, 2, 3)),   # New Year's Eve 1/28 -> 2/3
    (D(2025, 3, 3), 15, D(2025, 3, 18)),   # a plain Tuesday stays
    (D(2026, 2, 5), 15, D(2026, 2, 23)),   # LNY 2026 + weekend
    (D(2026, 9, 10), 15, D(2026, 9, 29)),  # 9/25 Mid-Autumn -> 26 Sat, 27 Sun, 28 Teacher's Day
    (D(2027, 1, 20), 15, D(2027, 2, 11)),  # LNY 2027
    (D(2027, 12, 16), 15, D(2028, 1, 3)),  # 12/31 observed holiday, 1/1 Sat, 1/2 Sun
    (D(2025, 1, 31), 1, D(2025, 2, 3)),    # first day not counted
]


@pytest.mark.parametrize("received,n,due", WORKING_DAY_CASES)
def test_working_day_deadlines(received, n, due):
    assert CAL.add_working_days(received, n) == due


@pytest.mark.parametrize("start,n,last", CALENDAR_DAY_CASES)
def test_calendar_day_deadlines_art48(start, n, last):
    assert CAL.calendar_deadline(start, n) == last


def test_make_up_saturdays_are_working_days():
    assert CAL.make_up_workdays(2024) == [D(2024, 2, 17)]
    assert CAL.make_up_workdays(2025) == [D(2025, 2, 8)]
    assert CAL.make_up_workdays(2026) == []
    assert CAL.is_working_day(D(2025, 2, 8))
    assert not CAL.is_working_day(D(2025, 2, 15))        # an ordinary Saturday
    assert not CAL.is_working_day(D(2025, 1, 27))        # the day it pays for


def test_lunar_new_year_weekdays_are_off():
    week = [D(2025, 1, 27) + timedelta(days=i) for i in range(5)]
    assert [CAL.is_working_day(d) for d in week] == [False] * 5
    assert CAL.holiday_name(D(2025, 1, 29)) == "春節"


def test_backwards_and_between():
    assert CAL.previous_working_day(D(2025, 2, 3)) == D(2025, 1, 24)
    assert CAL.add_working_days(D(2025, 2, 10), -2) == D(2025, 2, 7)
    assert CAL.working_days_between(D(2025, 1, 24), D(2025, 2, 8)) == 6
    assert CAL.working_days_between(D(2025, 2, 8), D(2025, 1, 24)) == -6
    assert CAL.next_working_day(D(2025, 2, 1)) == D(2025, 2, 3)


def test_typhoon_closure_and_extra_workday_overrides():
    # Typhoon Gaemi: Kaohsiung closed offices on 2024-07-24 and 25.
    cal = WorkingCalendar({D(2024, 7, 24): "holiday", D(2024, 7, 25): "holiday"})
    assert CAL.add_working_days(D(2024, 7, 22), 6) == D(2024, 7, 30)
    assert cal.add_working_days(D(2024, 7, 22), 6) == D(2024, 8, 1)
    assert cal.calendar_deadline(D(2024, 7, 9), 15) == D(2024, 7, 26)
    extra = WorkingCalendar({D(2026, 3, 7): "workday"})   # a Saturday
    assert extra.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 7)
    # A worked Saturday is a working day: an Art. 48 period ending on it stays.
    assert extra.calendar_deadline(D(2026, 2, 20), 15) == D(2026, 3, 7)


def test_days_off_lists_overrides_and_make_up_days():
    cal = WorkingCalendar({D(2025, 7, 7): "holiday"})
    rows = dict(cal.days_off(2025))
    assert rows[D(2025, 2, 8)].startswith("補班")
    assert rows[D(2025, 7, 7)] == "override: holiday"
    assert D(2025, 2, 15) not in rows          # plain weekends are not listed


def test_load_caches_and_sees_new_overrides(db):
    eng = db
    now = datetime(2024, 7, 23, 10, tzinfo=timezone.utc)
    with eng.begin() as conn:
        first = WorkingCalendar.load(conn)
        assert WorkingCalendar.load(conn) is first
        set_override(conn, D(2024, 7, 24), "holiday", reason="颱風停班", by="admin", now=now)
        second = WorkingCalendar.load(conn)
    assert second is not first and not second.is_working_day(D(2024, 7, 24))
    with eng.begin() as conn:
        set_override(conn, D(2024, 7, 24), "workday", reason="復班", by="admin",
                     now=now + timedelta(seconds=1))
        assert WorkingCalendar.load(conn).is_working_day(D(2024, 7, 24))
        assert [r.reason for r in list_overrides(conn, 2024)] == ["復班"]
        assert remove_override(conn, D(2024, 7, 24))
        assert not remove_override(conn, D(2024, 7, 24))
        assert WorkingCalendar.load(conn).overrides == {}
    with pytest.raises(ValueError), eng.begin() as conn:
        set_override(conn, D(2024, 7, 26), "closed", reason="", by="admin", now=now)
