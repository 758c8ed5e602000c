"""The Taiwan government working calendar.

Working days are Monday-Friday, minus Taiwan's public holidays, plus the
Saturdays that are make-up workdays (補班), both taken from the `holidays`
package (country TW), then corrected by administrator overrides kept in the
`calendar_override` table (typhoon closures 停班 = holiday, extra workdays).
A closure may cover named districts only: it is a day off for the agencies
sitting in them (`for_district`, `for_agency`) and a working day for the rest
of the city.

The runtime asks this on every deadline computation, so a year's holidays
are built once per process (`year_table`, shared by every calendar), and the
calendar of an override set, with its district calendars, is cached per
process and only rebuilt when a cheap count/max(created_at) probe of the
table changes (statements built once, so SQLAlchemy's compiled cache answers).
"""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection

from engine.data.prepared import Prepared
from engine.data.schema import agency, calendar_override
from . import districts as kdistricts

TAIPEI = ZoneInfo("Asia/Taipei")
HOLIDAY, WORKDAY = "holiday", "workday"
OVERRIDE_KINDS = (HOLIDAY, WORKDAY)
SATURDAY = 5
# A working-day search that walks this far without finding a working day
# means the calendar is broken (e.g. a year of holiday overrides).
MAX_SCAN_DAYS = 366


class _YearTable:
    """Holidays and make-up Saturdays of one year, from the `holidays` package.

    holidays >= 0.88 is required (pyproject.toml): older releases miss the
    2025 amendment's days off (Teacher's Day 9/28, Retrocession Day 10/25,
    Constitution Day 12/25, their observed days) and 2026's Saturday/Sunday
    rules; tests/engine/time/test_art48.py pins 2025-2027 against the DGPA
    office calendars (政府行政機關辦公日曆表).
    """

    def __init__(self, year: int):
        tw = holidays.TW(years=year, language="zh_TW")
        self.holidays = {d: name for d, name in tw.items() if d.year == year}
        # weekend_workdays may hold a neighbouring year's make-up day; it is
        # kept there too, so filter to this year for a clean lookup.
        self.workdays = {d for d in tw.weekend_workdays if d.year == year}


_years: dict[int, _YearTable] = {}
_years_lock = threading.Lock()


def year_table(year: int) -> _YearTable:
    """The holidays of `year`, built once per process: building them (the
    `holidays` package computes the lunar calendar) costs milliseconds, and
    they never change while the process runs (overrides are applied on top)."""
    table = _years.get(year)
    if table is None:
        with _years_lock:
            table = _years.get(year)
            if table is None:
                table = _years[year] = _YearTable(year)
    return table


class WorkingCalendar:
    """Answers "is this a working day?" and counts working days.

    `overrides` apply to the whole city; `closures` are the days closed in
    named districts only ({day: district codes}), which only the calendar of
    such a district (`for_district`) counts as days off.
    """

    def __init__(self, overrides: dict[date, str] | None = None,
                 closures: dict[date, frozenset[str]] | None = None):
        self.overrides = dict(overrides or {})
        self.closures = dict(closures or {})
        self._by_district: dict[str, WorkingCalendar] = {}

    # -- loading ---------------------------------------------------------
    @classmethod
    def load(cls, conn: Connection, agency: str | None = None) -> "WorkingCalendar":
        """The calendar with the overrides stored at `conn` (cached per process);
        with `agency`, the calendar of the district that agency sits in."""
        return for_agency(conn, agency) if agency else _cache.get(conn)

    def for_district(self, code: str | None) -> "WorkingCalendar":
        """The calendar of an agency in district `code`: this one plus the
        district closures that cover it (itself when none does)."""
        if not code or not self.closures:
            return self
        cal = self._by_district.get(code)
        if cal is None:   # built once per (override set, district); racing threads agree
            days = {d: HOLIDAY for d, codes in self.closures.items() if code in codes}
            cal = WorkingCalendar({**days, **self.overrides}) if days else self
            self._by_district[code] = cal
        return cal

    @staticmethod
    def _year(year: int) -> _YearTable:
        return year_table(year)

    # -- questions -------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        kind = self.overrides.get(d)
        if kind is not None:
            return kind == WORKDAY
        table = self._year(d.year)
        if d in table.workdays:
            return True
        return d.weekday() < SATURDAY and d not in table.holidays

    def holiday_name(self, d: date) -> str | None:
        """Why `d` is a day off (override reason first), None on a working day."""
        return self._year(d.year).holidays.get(d)

    def make_up_workdays(self, year: int) -> list[date]:
        return sorted(self._year(year).workdays)

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after `d` (d itself is never counted).

        n == 0 gives `d`; a negative n counts backwards (the n-th working day
        before `d`).
        """
        step = 1 if n >= 0 else -1
        remaining, current, scanned = abs(n), d, 0
        while remaining:
            current += timedelta(days=step)
            scanned += 1
            if self.is_working_day(current):
                remaining -= 1
                scanned = 0
            elif scanned > MAX_SCAN_DAYS:
                raise ValueError(f"no working day within a year of {current}")
        return current

    def next_working_day(self, d: date) -> date:
        """`d` itself when it is a working day, else the first one after it."""
        return d if self.is_working_day(d) else self.add_working_days(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before `d`."""
        return self.add_working_days(d, -1)

    def calendar_deadline(self, d: date, n: int) -> date:
        """Administrative Procedure Act Art. 48: the last day of an n-day period
        starting on `d` (see `period_end` for the hour it ends)."""
        return self.period_end(d, n)[0]

    def period_end(self, d: date, n: int) -> tuple[date, bool]:
        """(last day, ends at noon) of an n-day period starting on `d` (Art. 48).

        The first day is not counted (Art. 48 II). A last day on a Sunday, a
        holiday or another day off moves to the next working day (Art. 48 IV).
        A last day on a rest Saturday moves to the following Monday (or the
        next working day) and ends at noon there. A make-up working Saturday
        (補班) is a working day, so a period ending on it stays (Ministry of
        Justice letter 法律字第0999004718號, 2010-02-03).
        """
        end = d + timedelta(days=n)
        if self.is_working_day(end):
            return end, False
        return self.next_working_day(end), end.weekday() == SATURDAY

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b (negative when b is before a)."""
        if b < a:
            return -self.working_days_between(b, a)
        return sum(1 for i in range(1, (b - a).days + 1)
                   if self.is_working_day(a + timedelta(days=i)))

    def days_off(self, year: int) -> list[tuple[date, str]]:
        """Every weekday off and every working Saturday/Sunday of `year`, with
        the reason, overrides applied: what `civicflow calendar list` shows."""
        rows = []
        d = date(year, 1, 1)
        while d.year == year:
            working = self.is_working_day(d)
            if working == (d.weekday() >= SATURDAY):
                rows.append((d, self._reason(d, working)))
            d += timedelta(days=1)
        return rows

    def _reason(self, d: date, working: bool) -> str:
        if d in self.overrides:
            return f"override: {self.overrides[d]}"
        if working:
            return "補班 (make-up workday)"
        return self.holiday_name(d) or "day off"


def local_date(instant: datetime) -> date:
    """The Asia/Taipei calendar date of an aware instant."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: instants must carry a time zone")
    return instant.astimezone(TAIPEI).date()


class _OverrideCache:
    """One WorkingCalendar per database, rebuilt when the overrides change.

    The probe (count + max(created_at) + the length of the district lists) is
    one aggregate on a table of a few dozen rows; removing a row changes the
    count, adding one both, extending or narrowing a district closure the
    lengths. `fresh` reloads regardless (a change read back in its own
    transaction, whatever the clock says).
    A reload that reads the same rows keeps the calendar it had (and the
    district calendars built from it); the holiday tables are per process.
    """

    def __init__(self):
        self._by_db: dict[str, tuple[tuple, WorkingCalendar]] = {}
        self._lock = threading.Lock()

    def get(self, conn: Connection, fresh: bool = False) -> WorkingCalendar:
        key = str(conn.engine.url)
        probe = tuple(_PROBE.run(conn).one())
        cached = self._by_db.get(key)
        if cached and cached[0] == probe and not fresh:
            return cached[1]
        rows = conn.execute(_ROWS).all()
        overrides = {r.day: r.kind for r in rows if not r.districts}
        closures = {r.day: kdistricts.decode(r.districts) for r in rows if r.districts}
        if cached and (cached[1].overrides, cached[1].closures) == (overrides, closures):
            cal = cached[1]
        else:
            cal = WorkingCalendar(overrides, closures)
        with self._lock:
            self._by_db[key] = (probe, cal)
        return cal

    def clear(self):
        with self._lock:
            self._by_db.clear()


# Every command that counts a deadline sends it: compiled once (engine/data/prepared.py).
_PROBE = Prepared(select(func.count(), func.max(calendar_override.c.created_at),
                         func.sum(func.length(calendar_override.c.districts))))
_ROWS = select(calendar_override.c.day, calendar_override.c.kind, calendar_override.c.districts)
_DISTRICT = select(agency.c.district).where(agency.c.code == bindparam("code"))
_cache = _OverrideCache()


def reload(conn: Connection) -> WorkingCalendar:
    """The calendar as stored now, read again (after a change in this transaction)."""
    return _cache.get(conn, fresh=True)


def for_agency(conn: Connection, agency_code: str | None) -> WorkingCalendar:
    """The calendar of the agency `agency_code`, by the district it sits in.

    The district is only looked up when some closure is district-scoped, so
    the usual case stays one cached probe.
    """
    cal = _cache.get(conn)
    if not cal.closures or not agency_code:
        return cal
    return cal.for_district(agency_district(conn, agency_code))


def agency_district(conn: Connection, agency_code: str) -> str | None:
    return conn.execute(_DISTRICT, {"code": agency_code}).scalar()


def set_override(conn: Connection, day: date, kind: str, *, reason: str,
                 by: str, now: datetime, districts=None) -> None:
    """Declare `day` a holiday (e.g. typhoon closure) or an extra workday;
    a closure may cover only `districts` (codes; none: the whole city).

    created_at is always refreshed, so the cache probe sees the change.
    """
    if kind not in OVERRIDE_KINDS:
        raise ValueError(f"kind must be one of {OVERRIDE_KINDS}, not {kind!r}")
    scope = kdistricts.encode(districts)
    if scope and kind != HOLIDAY:
        raise ValueError("only a closure (holiday) can cover named districts")
    conn.execute(calendar_override.delete().where(calendar_override.c.day == day))
    conn.execute(calendar_override.insert().values(
        day=day, kind=kind, reason=reason, created_by=by, created_at=now, districts=scope))


def remove_override(conn: Connection, day: date) -> bool:
    """Forget the override of `day`; False when there was none."""
    res = conn.execute(calendar_override.delete().where(calendar_override.c.day == day))
    return res.rowcount > 0


def list_overrides(conn: Connection, year: int | None = None) -> list:
    q = select(calendar_override).order_by(calendar_override.c.day)
    if year is not None:
        q = q.where(calendar_override.c.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(conn.execute(q))
