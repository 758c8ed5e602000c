"""A supervisor's view of their agency's open tasks, whoever holds them (the
inbox's "team" list), its officers, and the tasks or cases "all that match"
a filter for a bulk action (engine/cases/bulk.py).

The inbox's own lists (mine, queue, completed) live in queries.py; this one
reuses its filter conditions so "all N that match" is the list on screen.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from engine.data.schema import app_user, case, task
from .queries import INBOX_COLUMNS, InboxFilter, Viewer, _filter_clauses, _order

UNASSIGNED = "-"   # the assignee filter's value for the agency queue
MAX_MATCH = 1000   # at most this many items in one bulk run


def _clauses(viewer: Viewer, f: InboxFilter, now: datetime, assignee: str | None) -> list:
    out = [task.c.state == "ready", *_filter_clauses(f, now)]
    if not viewer.sees_all:
        out.append(task.c.candidate_agency == viewer.agency)
    if assignee == UNASSIGNED:
        out.append(task.c.assignee.is_(None))
    elif assignee:
        out.append(task.c.assignee == assignee)
    return out


def team_tasks(conn, viewer: Viewer, f: InboxFilter, now: datetime,
               assignee: str | None = None) -> list:
    """One page of the agency's open tasks, in the inbox's order."""
    q = (select(*INBOX_COLUMNS).join(case, case.c.id == task.c.case_id)
         .where(*_clauses(viewer, f, now, assignee)))
    return conn.execute(q.order_by(*_order(f)).limit(f.limit).offset(f.offset)).all()


def team_count(conn, viewer: Viewer, f: InboxFilter, now: datetime,
               assignee: str | None = None) -> int:
    q = (select(func.count()).select_from(task).join(case, case.c.id == task.c.case_id)
         .where(*_clauses(viewer, f, now, assignee)))
    return conn.execute(q).scalar_one()


def matching_tasks(conn, viewer: Viewer, f: InboxFilter, now: datetime,
                   assignee: str | None = None, cap: int = MAX_MATCH) -> list:
    """(task id, assignee) of every open task the filter matches, up to `cap`:
    the holder read now is what the bulk action expects to find."""
    q = (select(task.c.id, task.c.assignee).join(case, case.c.id == task.c.case_id)
         .where(*_clauses(viewer, f, now, assignee)))
    return conn.execute(q.order_by(*_order(f)).limit(cap)).all()


def officers(conn, agency_code: str | None) -> list:
    """The agency's active users (username, display name, roles), by name."""
    q = select(app_user.c.username, app_user.c.display_name, app_user.c.roles).where(
        app_user.c.active.is_(True))
    if agency_code:
        q = q.where(app_user.c.agency_code == agency_code)
    return conn.execute(q.order_by(app_user.c.display_name, app_user.c.username)).all()
