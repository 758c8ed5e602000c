"""A supervisor's view of their agency's open tasks, whoever holds them (the
inbox's "team" list), its officers, and the tasks or cases "all that match"
a filter for a bulk action (engine/cases/bulk.py).

The inbox's own lists (mine, queue, completed) live in queries.py; this one
reuses its filter conditions so "all N that match" is the list on screen.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, or_, select

from engine.data.schema import app_user, case, task
from .queries import (
    READY, InboxFilter, Viewer, _escape_like, _filter_clauses, _order, page_of, searched,
)

UNASSIGNED = "-"   # the assignee filter's value for the agency queue
MAX_MATCH = 1000   # at most this many items in one bulk run


def _clauses(viewer: Viewer, f: InboxFilter, now: datetime, assignee: str | None,
             narrow: list = ()) -> list:
    # narrow: further conditions (a workload figure's, engine/board/workload.py)
    out = [task.c.state == READY, *_filter_clauses(f, now), *narrow]
    if not viewer.sees_all:
        out.append(task.c.candidate_agency == viewer.agency)
    if assignee == UNASSIGNED:
        out.append(task.c.assignee.is_(None))
    elif assignee:
        out.append(task.c.assignee == assignee)
    return out


def team_tasks(conn, viewer: Viewer, f: InboxFilter, now: datetime,
               assignee: str | None = None, narrow: list = ()) -> list:
    """One page of the agency's open tasks, in the inbox's order."""
    clauses = _clauses(viewer, f, now, assignee, narrow)
    return page_of(conn, searched(conn, viewer, clauses, f, f.offset + f.limit), f)


def team_count(conn, viewer: Viewer, f: InboxFilter, now: datetime,
               assignee: str | None = None, cap: int | None = None, narrow: list = ()) -> int:
    """How many open tasks match, counted up to `cap` (an administrator's
    list is every agency's: a million rows to count for a number that only
    has to say "more than a bulk run takes")."""
    q = (select(task.c.id).join(case, case.c.id == task.c.case_id)
         .where(*searched(conn, viewer, _clauses(viewer, f, now, assignee, narrow), f, cap)))
    if cap is not None:
        q = q.limit(cap)
    return conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()


def matching_tasks(conn, viewer: Viewer, f: InboxFilter, now: datetime,
                   assignee: str | None = None, cap: int = MAX_MATCH, narrow: list = ()) -> list:
    """(task id, assignee) of every open task the filter matches, up to `cap`:
    the holder read now is what the bulk action expects to find."""
    q = (select(task.c.id, task.c.assignee).join(case, case.c.id == task.c.case_id)
         .where(*searched(conn, viewer, _clauses(viewer, f, now, assignee, narrow), f, cap)))
    return conn.execute(q.order_by(*_order(f)).limit(cap)).all()


def officers(conn, agency_code: str | None) -> list:
    """The agency's active users (username, display name, roles), by name."""
    q = select(app_user.c.username, app_user.c.display_name, app_user.c.roles).where(
        app_user.c.active.is_(True))
    if agency_code:
        q = q.where(app_user.c.agency_code == agency_code)
    return conn.execute(q.order_by(app_user.c.display_name, app_user.c.username)).all()


def matching_cases(conn, args: dict, cap: int = MAX_MATCH) -> list[int]:
    """Ids of the open cases matching {process, category, agency (responsible),
    q (number or title)}, oldest first: what an administrator cancels in bulk."""
    q = select(case.c.id).where(case.c.status == "open")
    for key, column in (("process", case.c.process_key), ("category", case.c.category),
                        ("agency", case.c.responsible_agency)):
        if args.get(key):
            q = q.where(column == args[key])
    if args.get("q"):
        like = f"%{_escape_like(args['q'].strip())}%"
        q = q.where(or_(case.c.number.like(like, escape="\\"), case.c.title.like(like, escape="\\")))
    return list(conn.execute(q.order_by(case.c.received_at, case.c.id).limit(cap)).scalars())


def open_tasks_of_cases(conn, viewer: Viewer, case_ids: list[int]) -> list:
    """(id, assignee, case_id) of the cases' open tasks the viewer's agency holds
    (any agency's for an administrator): what a bulk action on cases moves."""
    q = select(task.c.id, task.c.assignee, task.c.case_id).where(
        task.c.case_id.in_(case_ids), task.c.state == "ready")
    if not viewer.sees_all:
        q = q.where(task.c.candidate_agency == viewer.agency)
    return conn.execute(q.order_by(task.c.case_id, task.c.created_at)).all()
