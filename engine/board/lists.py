"""Drill-down from a board figure to the cases or tasks behind it.

Case figures (open work now) list cases; completed figures list the tasks
completed in the filter's weeks. Both use the same conditions as the counts
in engine/board/figures.py, so a list is as long as its figure (up to LIMIT rows;
count_cases and count_tasks say how many there are beyond).
Given the `viewer`, a confidential petitioner's identity in a case's title is
masked unless the viewer may see it (Art. 170, queries.sees_identity).
"""
from __future__ import annotations

from sqlalchemy import and_, func, select

from .figures import BoardFilter, agencies_of, case_condition
from engine.cases import masked
from engine.time.deadlines import period_bounds
from engine.data.schema import case, task

LIMIT = 500


def cases_for(conn, scope, f: BoardFilter, figure: str, now, soon, limit=LIMIT,
              viewer=None) -> list:
    c = case.c
    q = _cases(select(c.number, c.title, c.process_key, c.responsible_agency, c.received_at,
                      c.due_at, c.extended, c.escalation_level, c.clock_stopped_at, c.confidential),
               scope, f, figure, now, soon)
    return titles_as_seen(conn, viewer, conn.execute(q.order_by(c.due_at, c.number).limit(limit)).all())


def count_cases(conn, scope, f: BoardFilter, figure: str, now, soon) -> int:
    """How many cases `cases_for` would list without its limit (the figure)."""
    return conn.execute(_cases(select(func.count()).select_from(case), scope, f, figure, now, soon)).scalar()


def _cases(q, scope, f: BoardFilter, figure: str, now, soon):
    """`q` narrowed to the open cases of a figure, as engine/board/figures.py counts them."""
    c = case.c
    q = q.where(c.status == "open")
    agencies = agencies_of(scope, f)
    if agencies is not None:
        q = q.where(c.responsible_agency.in_(sorted(agencies)))
    if f.process:
        q = q.where(c.process_key == f.process)
    cond = case_condition(figure, now, soon)
    return q if cond is None else q.where(cond)


def weeks_bounds(f: BoardFilter):
    """The instants the weeks cover: Monday 00:00 to the next Monday after the last, Taipei."""
    return period_bounds(f.first_week, f.last_day)


def tasks_for(conn, scope, f: BoardFilter, figure: str, element: str | None = None,
              limit=LIMIT, viewer=None) -> list:
    t = task.c
    q = _tasks(select(case.c.number, case.c.title, case.c.confidential, t.process_key, t.element_id,
                      t.name, t.candidate_agency, t.created_at, t.due_at, t.completed_at, t.completed_by),
               scope, f, figure, element)
    return titles_as_seen(conn, viewer, conn.execute(q.order_by(t.completed_at.desc()).limit(limit)).all())


def count_tasks(conn, scope, f: BoardFilter, figure: str, element: str | None = None) -> int:
    """How many tasks `tasks_for` would list without its limit (the figure)."""
    return conn.execute(_tasks(select(func.count()), scope, f, figure, element)).scalar()


def _tasks(q, scope, f: BoardFilter, figure: str, element: str | None):
    """`q` over the tasks of a completed figure in the filter's weeks."""
    t = task.c
    start, end = weeks_bounds(f)
    q = (q.select_from(task.join(case, case.c.id == t.case_id))
         .where(t.state == "completed", t.completed_at >= start, t.completed_at < end))
    agencies = agencies_of(scope, f)
    if agencies is not None:
        q = q.where(t.candidate_agency.in_(sorted(agencies)))
    for col, value in ((t.process_key, f.process), (t.element_id, element)):
        if value:
            q = q.where(col == value)
    if figure == "on_time":
        q = q.where(and_(t.due_at.is_not(None), t.completed_at <= t.due_at))
    elif figure == "late":
        q = q.where(and_(t.due_at.is_not(None), t.completed_at > t.due_at))
    return q


def titles_as_seen(conn, viewer, rows: list) -> list:
    """`rows` (number, title, confidential, ...) with the title of a
    confidential case whose petitioner `viewer` may not see masked
    (masked.Titles: one statement, only when such a case is listed; None:
    no viewer, no mask)."""
    return rows if viewer is None else masked.Titles(viewer).rows(conn, rows)
