"""The board's filter as a query string: parsed strictly (a bad value is an
error the page reports, never silently dropped) and written back in one
normal form, which is what a saved filter stores."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from engine.time.deadlines import FIRST_DAY, LAST_DAY, OutOfCalendar, in_calendar

from .figures import BoardFilter, week_of

DEFAULT_WEEKS = 12
MAX_WEEKS = 260          # five years of weeks on one page


class BadFilter(ValueError):
    """A query string the board cannot show; the message says why, and
    `code`/`params` let the web layer say it in the viewer's language."""

    def __init__(self, message: str, code: str = "", **params):
        super().__init__(message)
        self.code, self.params = code, params


def parse_filter(args, today: date, agencies: set[str], processes: set[str]) -> BoardFilter:
    """`args`: a mapping of query parameters (other keys are ignored)."""
    last = _day(args.get("to"), "to") if args.get("to") else today
    first = (_day(args.get("from"), "from") if args.get("from")
             else week_of(last) - timedelta(weeks=DEFAULT_WEEKS - 1))
    first, last = week_of(first), week_of(last)
    if first > last:
        raise BadFilter("'from' is after 'to'", "from_after_to")
    if (last - first).days // 7 + 1 > MAX_WEEKS:
        raise BadFilter(f"at most {MAX_WEEKS} weeks at a time", "too_many_weeks", weeks=MAX_WEEKS)
    agency = _choice(args.get("agency"), agencies, "agency")
    process = _choice(args.get("process"), processes, "process")
    return BoardFilter(first, last, agency, process)


def _day(value: str, name: str) -> date:
    try:
        return in_calendar(date.fromisoformat(value.strip()))
    except OutOfCalendar as exc:
        raise BadFilter(f"'{name}' must be between {FIRST_DAY} and {LAST_DAY}, not {exc.day}",
                        "out_of_calendar", parameter=name, value=exc.day) from None
    except ValueError:
        raise BadFilter(f"'{name}' must be a date like 2026-03-02, not {value[:40]!r}",
                        "not_a_date", parameter=name, value=value[:40]) from None


def _choice(value, allowed: set[str], name: str):
    if not value:
        return None
    if value not in allowed:
        raise BadFilter(f"unknown {name} {value[:40]!r}", f"unknown_{name}", value=value[:40])
    return value


def to_query(f: BoardFilter) -> str:
    """The filter's normal query string (weeks as their Mondays)."""
    pairs = [("agency", f.agency), ("process", f.process),
             ("from", f.first_week.isoformat()), ("to", f.last_week.isoformat())]
    return urlencode([(k, v) for k, v in pairs if v])
