"""Administrative Procedure Act Art. 48 to the hour, and the 2025-2027
government calendar the periods are counted on.

Art. 48 IV: a period whose last day is a (rest) Saturday ends at noon of the
following Monday (the next working day); a make-up working Saturday (補班) is
a working day, so a period ending on it does not move (Ministry of Justice
letter 法律字第0999004718號). Calendar: the DGPA office calendars
(政府行政機關辦公日曆表) for 2025-2027, after the 2025 amendment of
紀念日及節日實施條例 (domain-rules.md section 5).
"""
from datetime import date, datetime, timedelta

import holidays
import pytest

from engine.models.functions import bind
from engine.time.calendar import TAIPEI, WorkingCalendar
from engine.time.clock import FrozenClock, parse_iso
from engine.time.deadlines import calendar_days_due

CAL = WorkingCalendar()
D = date


def tpe(*args):
    return datetime(*args, tzinfo=TAIPEI)


# (start in Taipei, n calendar days, the instant the period ends)
PERIODS = [
    # 2025-03-15 is a rest Saturday: Monday 3/17 at noon.
    (tpe(2025, 3, 5, 10), 10, tpe(2025, 3, 17, 12)),
    # 2025-02-08 is a make-up working Saturday (補班): the period ends there.
    (tpe(2025, 1, 24, 16), 15, tpe(2025, 2, 8, 23, 59, 59)),
    (tpe(2024, 2, 2, 9), 15, tpe(2024, 2, 17, 23, 59, 59)),
    # A Sunday moves to the whole of Monday.
    (tpe(2025, 3, 6, 10), 10, tpe(2025, 3, 17, 23, 59, 59)),
    # A Saturday holiday (10/10/2026) is still a Saturday: Monday noon.
    (tpe(2026, 9, 30, 10), 10, tpe(2026, 10, 12, 12)),
    # Saturday 2026-10-24, Monday 10/26 is Retrocession Day observed: Tuesday noon.
    (tpe(2026, 10, 14, 10), 10, tpe(2026, 10, 27, 12)),
    # A Friday holiday (National Day 2025) moves past the weekend, whole day.
    (tpe(2025, 9, 30, 10), 10, tpe(2025, 10, 13, 23, 59, 59)),
    # A plain Wednesday stays.
    (tpe(2025, 3, 4, 10), 15, tpe(2025, 3, 19, 23, 59, 59)),
]


@pytest.mark.parametrize("start,n,ends", PERIODS)
def test_calendar_day_period_ends_to_the_hour(start, n, ends):
    assert calendar_days_due(start, n, CAL) == ends


def test_admin_workday_saturday_does_not_move_but_a_typhoon_saturday_does():
    worked = WorkingCalendar({D(2025, 3, 15): "workday"})
    assert calendar_days_due(tpe(2025, 3, 5), 10, worked) == tpe(2025, 3, 15, 23, 59, 59)
    closed_monday = WorkingCalendar({D(2025, 3, 17): "holiday"})   # 停班 on the Monday
    assert calendar_days_due(tpe(2025, 3, 5), 10, closed_monday) == tpe(2025, 3, 18, 12)


class _Cmd:
    """What the model functions read of a running command."""

    def __init__(self, clock):
        self.now = clock.now()
        self.received_at = clock.now()
        self.notices, self.escalations = [], []

    def calendar(self):
        return CAL


@pytest.mark.parametrize("n", [15, 10])   # a business's 15 days; the 10-day objection period
def test_model_calendar_days_use_art48_with_an_injected_clock(n):
    # Started n days before Saturday 2025-03-15: the period ends Monday noon.
    clock = FrozenClock(tpe(2025, 3, 15, 10) - timedelta(days=n))
    due = bind(_Cmd(clock))["calendar_days"](n)
    assert parse_iso(due) == tpe(2025, 3, 17, 12)
    assert due == "2025-03-17T12:00:00+08:00"


# -- the calendar: 2025-2027 days off for government offices ----------------
DAYS_OFF = {
    2025: [D(2025, 1, 27),                    # 小年夜 (flexible day off, made up on 2/8)
           D(2025, 9, 29),                    # Teacher's Day 9/28 (Sun) observed Monday
           D(2025, 10, 24),                   # Retrocession Day 10/25 (Sat) observed Friday
           D(2025, 12, 25)],                  # Constitution Day, a day off again
    2026: [D(2026, 2, 16), D(2026, 2, 20),    # 除夕, Lunar New Year observed
           D(2026, 2, 27),                    # Peace Memorial Day 2/28 (Sat) -> Friday
           D(2026, 5, 1),                     # Labour Day: government offices too from 2026
           D(2026, 9, 28),                    # Teacher's Day (Mon)
           D(2026, 10, 9),                    # National Day 10/10 (Sat) -> Friday
           D(2026, 10, 26),                   # Retrocession Day 10/25 (Sun) -> Monday
           D(2026, 12, 25)],                  # Constitution Day (Fri)
    2027: [D(2027, 2, 4), D(2027, 2, 9), D(2027, 2, 10),   # 小年夜; LNY weekend observed
           D(2027, 3, 1),                     # Peace Memorial Day (Sun) -> Monday
           D(2027, 4, 30),                    # Labour Day 5/1 (Sat) -> Friday
           D(2027, 9, 28),                    # Teacher's Day (Tue)
           D(2027, 10, 11),                   # National Day (Sun) -> Monday
           D(2027, 10, 25),                   # Retrocession Day (Mon)
           D(2027, 12, 24),                   # Constitution Day 12/25 (Sat) -> Friday
           D(2027, 12, 31)],                  # New Year 2028 (Sat) -> Friday
}


@pytest.mark.parametrize("year", sorted(DAYS_OFF))
def test_days_off_2025_to_2027(year):
    for d in DAYS_OFF[year]:
        assert not CAL.is_working_day(d), f"{d} should be a day off"


def test_working_days_the_old_rules_would_get_wrong():
    assert CAL.is_working_day(D(2025, 5, 1))      # Labour Day 2025: offices worked
    assert CAL.holiday_name(D(2025, 9, 28)) is not None   # named even on a Sunday


def test_make_up_saturdays_end_in_2025():
    assert CAL.make_up_workdays(2025) == [D(2025, 2, 8)]
    assert CAL.make_up_workdays(2026) == CAL.make_up_workdays(2027) == []


def test_the_holidays_package_is_recent_enough():
    major, minor = (int(p) for p in holidays.__version__.split(".")[:2])
    assert (major, minor) >= (0, 88), "pyproject.toml requires holidays>=0.88"
