"""The period report: the figures the Department of Administration gives the
city council for a date range (see docs/report.md for where each comes from).

`period_report(conn, viewer, start, end, now)` returns plain data (dicts,
lists, ints) for the days start..end inclusive in Asia/Taipei. Those who
write the council's report (engine/board/scope.reads_city_report: whoever sees
every agency on the board, and the supervisors, analysts and officers of the
department and of the research and evaluation commission, RDEC) read the whole
city's report, the one given to the council, or any one agency's; a
supervisor the agencies the deadline board shows him, one or all together;
any other viewer their own agency's (engine/report/scope.py). An agency's
report holds the petitions and resolutions it is responsible for, consumer
protection when it is the consumer protection officer or the mediation
committee, no audits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from engine.time.clock import to_iso
from engine.cases.queries import Viewer, choice_labels, processes
from . import audits, consumer
from . import council, petitions, services
from .scope import chosen
from engine.time.deadlines import FIRST_DAY, LAST_DAY, period_bounds

MAX_DAYS = 3 * 366 + 1  # one report covers at most three years


# The days a report can cover (engine/time/deadlines.py); fixed texts, translated.
OUTSIDE_START = "the start date must be between 1912-01-01 (ROC year 1) and 9998-12-31"
OUTSIDE_END = "the end date must be between 1912-01-01 (ROC year 1) and 9998-12-31"


class PeriodError(ValueError):
    """A date range the report cannot cover (reversed, unreadable, too long);
    `message` is a fixed text (translatable), `value` what was given."""

    def __init__(self, message: str, value: str | None = None):
        super().__init__(f"{message}: {value!r}" if value is not None else message)
        self.message, self.value = message, value


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self):
        for day, message in ((self.start, OUTSIDE_START), (self.end, OUTSIDE_END)):
            if not FIRST_DAY <= day <= LAST_DAY:
                raise PeriodError(message, day.isoformat())
        if self.start > self.end:
            raise PeriodError("the start date is after the end date")
        if (self.end - self.start).days >= MAX_DAYS:
            raise PeriodError("a report covers at most three years")

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[lo, hi) in UTC, as instants are stored."""
        lo, hi = period_bounds(self.start, self.end)
        return lo.astimezone(timezone.utc), hi.astimezone(timezone.utc)

    @property
    def iso(self) -> tuple[str, str]:
        """[lo, hi) as the model writes instants (ISO, Asia/Taipei)."""
        lo, hi = period_bounds(self.start, self.end)
        return to_iso(lo), to_iso(hi)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_report(conn, viewer: Viewer, start: date, end: date, now: datetime,
                  agency: str | None = None) -> dict:
    """The report on `agency` (engine/report/scope.chosen: NotReadable when the
    viewer may not read it), or on all the viewer may read."""
    period, scope = Period(start, end), chosen(conn, viewer, agency)
    rows = scope.agencies
    return {
        "period": {"start": start, "end": end, "days": period.days},
        "scope": {"agency": scope.agency, "agencies": None if rows is None else sorted(rows)},
        "generated_at": now,
        "consumer": consumer.figures(conn, period) if scope.consumer else None,
        "petitions": petitions.figures(conn, period, rows, now),
        "council": council.figures(conn, period, rows, now),
        "audits": audits.figures(conn, period) if scope.department else None,
        "services": services.figures(conn, period) if scope.department else None,
        "inspections": services.inspections(conn, period) if scope.consumer else None,
    }


def choice_words(conn) -> dict:
    """{process key: {field: {value: (zh, en)}}} from the latest deployed
    models, so the report names categories and channels as the forms do.
    A definition's meta holds every process deployed with it: keep its own."""
    return {p.key: choice_labels(conn, p.id, only_process=p.key) for p in processes(conn)
            if p.key in ("petition", "consumer_complaint")}


def parse_day(text: str | None) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise PeriodError("not a date (YYYY-MM-DD)", text or "") from None


def preset(name: str, today: date) -> tuple[date, date]:
    """This month, last month, this quarter, this half-year, this year."""
    y, m = today.year, today.month
    if name == "last_month":
        last = date(y, m, 1) - timedelta(days=1)
        return last.replace(day=1), last
    first_month = {"month": m, "quarter": 3 * ((m - 1) // 3) + 1,
                   "half": 1 if m <= 6 else 7, "year": 1}.get(name)
    if first_month is None:
        raise PeriodError("unknown preset", name)
    length = {"month": 1, "quarter": 3, "half": 6, "year": 12}[name]
    return date(y, first_month, 1), _month_end(y, first_month + length - 1)


PRESETS = ("month", "last_month", "quarter", "half", "year")


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)
