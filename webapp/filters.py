"""Inbox filters from a query string (the web inbox and GET /api/v1/tasks share it)."""
from __future__ import annotations

from engine.cases.queries import PAGE_SIZE, VIEWS, InboxFilter


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


def inbox_filter(args) -> InboxFilter:
    view = args.get("view", "mine")
    page = _int(args.get("page"), 1, lo=1, hi=10_000)
    limit = _int(args.get("limit"), PAGE_SIZE, lo=1, hi=200)
    return InboxFilter(
        view=view if view in VIEWS else "mine",
        process=args.get("process") or None,
        category=args.get("category") or None,
        due_within_days=_int(args.get("due_within"), None, lo=0, hi=3650),
        overdue=args.get("overdue") in ("1", "true", "on", "yes"),
        min_priority=_int(args.get("priority"), None),
        text=(args.get("q") or "").strip()[:100] or None,
        limit=limit, offset=(page - 1) * limit,
    )
