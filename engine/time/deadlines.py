"""Deadlines as instants, on top of the working calendar.

A deadline day ends at 23:59:59 Asia/Taipei: that instant is what a task's
due_at holds. A calendar-day period whose last day is a rest Saturday ends at
noon of the following Monday instead (Administrative Procedure Act Art. 48 IV).
Reminders start at 08:30 (office opening) of their day.
Everything here is pure: the calendar is passed in, nothing touches the
database, so the runtime can call it from model expressions.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from .calendar import TAIPEI, WorkingCalendar, local_date

END_OF_DAY = time(23, 59, 59)
# Art. 48 IV: "以其次星期一上午為期間末日": the morning ends at noon.
NOON = time(12, 0)
OFFICE_OPENS = time(8, 30)
# domain-rules.md: a petition is never kept more than 30 days without an
# approved extension (counted like any calendar-day period, Art. 48).
MAX_DAYS_WITHOUT_EXTENSION = 30


def as_utc(instant: datetime) -> datetime:
    """An aware UTC instant; naive values are UTC (SQLite returns them naive)."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(timezone.utc)


def end_of_day(d: date) -> datetime:
    return datetime.combine(d, END_OF_DAY, TAIPEI)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TAIPEI)


# The days a case, report or board may name: from ROC year 1 (no petition is
# older) to a year short of datetime's end, so a week or a day after the last
# one and its UTC instant still exist.
FIRST_DAY = date(1912, 1, 1)
LAST_DAY = date(9998, 12, 31)


class OutOfCalendar(ValueError):
    """A day before FIRST_DAY or after LAST_DAY."""

    def __init__(self, day: date):
        super().__init__(f"{day.isoformat()} is outside {FIRST_DAY}..{LAST_DAY}")
        self.day = day


def in_calendar(day: date) -> date:
    """`day` itself, or OutOfCalendar."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise OutOfCalendar(day)
    return day


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in Asia/Taipei (both days in
    the calendar, else OutOfCalendar)."""
    return day_start(in_calendar(start)), day_start(in_calendar(end) + timedelta(days=1))


def start_of_office_day(d: date) -> datetime:
    return datetime.combine(d, OFFICE_OPENS, TAIPEI)


def working_days_due(received: datetime, n: int, cal: WorkingCalendar) -> datetime:
    """End of the n-th working day counted from the next working day after
    `received` (a petition received on Friday with n=1 is due Monday night)."""
    return end_of_day(cal.add_working_days(local_date(as_utc(received)), n))


def calendar_days_due(start: datetime, n: int, cal: WorkingCalendar) -> datetime:
    """The instant an n-day period ends per Administrative Procedure Act Art. 48:
    first day not counted, a last day off moves to the next working day, a
    last day on a rest Saturday ends at noon of the next working day (Monday),
    a make-up working Saturday (補班) stays."""
    day, at_noon = cal.period_end(local_date(as_utc(start)), n)
    return datetime.combine(day, NOON, TAIPEI) if at_noon else end_of_day(day)


def before_working_days(due: datetime, n: int, cal: WorkingCalendar) -> datetime:
    """08:30 on the working day n working days before `due` (n=0: due's own day).

    Used for reminders: `before_working_days(due_at, 1)` is the day before.
    """
    return start_of_office_day(cal.add_working_days(local_date(as_utc(due)), -n))


def after_working_days(due: datetime, n: int, cal: WorkingCalendar) -> datetime:
    """`due` moved n working days later, at the same local time (escalation)."""
    local = as_utc(due).astimezone(TAIPEI)
    day = cal.add_working_days(local.date(), n)
    return datetime.combine(day, local.timetz())


def stopped_working_days(stopped_at: datetime, resumed_at: datetime,
                         cal: WorkingCalendar) -> int:
    """Working days lost while waiting on the petitioner (補正).

    The days after the request up to and including the day the supplement
    came in: like a new receipt, counting resumes on the next working day.
    """
    return max(0, cal.working_days_between(local_date(as_utc(stopped_at)),
                                           local_date(as_utc(resumed_at))))


def resumed_due(due: datetime, stopped_at: datetime, resumed_at: datetime,
                cal: WorkingCalendar) -> datetime:
    """The due instant once a stopped clock runs again."""
    return after_working_days(due, stopped_working_days(stopped_at, resumed_at, cal), cal)


def extended_due(due: datetime, working_days: int, cal: WorkingCalendar) -> datetime:
    """The due instant after an extension (展期) of `working_days`."""
    if working_days <= 0:
        raise ValueError("an extension adds at least one working day")
    return after_working_days(due, working_days, cal)


def latest_without_extension(received: datetime, cal: WorkingCalendar) -> datetime:
    """The last instant a case may be due without an approved extension."""
    return calendar_days_due(received, MAX_DAYS_WITHOUT_EXTENSION, cal)


def needs_extension(received: datetime, due: datetime, cal: WorkingCalendar) -> bool:
    """True when `due` lies beyond the 30-day limit (domain-rules.md section 1)."""
    return as_utc(due) > as_utc(latest_without_extension(received, cal))
