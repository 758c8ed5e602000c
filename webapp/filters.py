"""Inbox filters from a query string (the web inbox and GET /api/v1/tasks share it).

A value the inbox cannot use (an unknown sort column, a date it cannot read)
is left out and named in `InboxFilter.ignored`, so the page can say so
instead of failing."""
from __future__ import annotations

from engine.cases.queries import PAGE_SIZE, SORTS, VIEWS, InboxFilter

from .roc_dates import NotADate, end_of_day, parse_roc_date


def _int(value, default=None, lo=None, hi=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    if lo is not None:
        number = max(lo, number)
    if hi is not None:
        number = min(hi, number)
    return number


PRIORITY_RANGE = (-(2**31), 2**31 - 1)   # a 32-bit column on PostgreSQL


def _priority(value: str | None, ignored: list):
    """A whole number the database can compare; anything else is named."""
    if not value:
        return None
    number = _int(value)
    if number is None or not PRIORITY_RANGE[0] <= number <= PRIORITY_RANGE[1]:
        ignored.append(("priority", value[:40]))
        return None
    return number


def _sort(value: str | None, ignored: list) -> tuple[str | None, bool]:
    """"priority" or "-priority" (descending) when the key is in SORTS."""
    if not value:
        return None, False
    key = value.removeprefix("-")
    if key not in SORTS:
        ignored.append(("sort", value[:40]))
        return None, False
    return key, value.startswith("-")


def _due_by(value: str | None, ignored: list):
    """The instant after the given day (ROC or ISO) ends in Taipei."""
    try:
        day = parse_roc_date(value)
    except NotADate:
        ignored.append(("due_by", value[:40]))
        return None
    return end_of_day(day) if day else None


def inbox_filter(args, default_view: str = "mine") -> InboxFilter:
    view = args.get("view") or default_view
    page = _int(args.get("page"), 1, lo=1, hi=10_000)
    limit = _int(args.get("limit"), PAGE_SIZE, lo=1, hi=200)
    ignored: list = []
    sort, descending = _sort(args.get("sort"), ignored)
    return InboxFilter(
        view=view if view in VIEWS else "mine",
        process=args.get("process") or None,
        category=args.get("category") or None,
        due_within_days=_int(args.get("due_within"), None, lo=0, hi=3650),
        overdue=args.get("overdue") in ("1", "true", "on", "yes"),
        min_priority=_priority(args.get("priority"), ignored),
        text=(args.get("q") or "").strip()[:100] or None,
        due_before=_due_by(args.get("due_by"), ignored),
        sort=sort, descending=descending,
        limit=limit, offset=(page - 1) * limit, ignored=tuple(ignored),
    )


def landing_view(counts: dict) -> str:
    """The tab to open when none is asked for: the one with work
    (my tasks, else my agency's queue; my tasks when both are empty)."""
    if counts.get("mine"):
        return "mine"
    return "queue" if counts.get("queue") else "mine"
