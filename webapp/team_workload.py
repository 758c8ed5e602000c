"""The team view's workload summary (engine/board/workload.py) and the list
conditions its links carry: `agency` (an administrator's choice; everyone
else's list is their own agency's) and `figure` (due within 2 working days,
waiting on the petitioner), so the list behind a number is that number."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from engine.board import workload as wl
from engine.data.schema import agency as agency_table, task
from engine.time.calendar import WorkingCalendar
from engine.board.figures import due_soon_limit


def chosen_agency(conn, viewer, args) -> str | None:
    """An administrator's list may be narrowed to one active agency; None otherwise."""
    code = args.get("agency")
    if not (viewer.sees_all and code):
        return None
    found = conn.execute(select(agency_table.c.code).where(
        agency_table.c.code == code, agency_table.c.active.is_(True))).scalar()
    return found


def narrow(conn, viewer, args, now) -> list:
    """The extra conditions of the team list asked for by a workload link."""
    out = []
    code = chosen_agency(conn, viewer, args)
    if code:
        out.append(task.c.candidate_agency == code)
    figure = args.get("figure")
    if figure in wl.FIGURES:
        out += wl.narrowing(figure, now, due_soon_limit(now, WorkingCalendar.load(conn)))
    return out


def summary(conn, viewer, args, now) -> dict:
    """The summary's context: the agency's workload and each number's link."""
    listed = chosen_agency(conn, viewer, args)
    code = listed or viewer.agency
    load = wl.workload(conn, code, now)
    keep = {"agency": code} if viewer.sees_all else {}
    figure = args.get("figure") if args.get("figure") in wl.FIGURES else None
    return dict(load=load, agency=code, chooses=viewer.sees_all, list_agency=listed,
                list_figure=figure, links={r.username: _links(r, keep) for r in load.rows})


def _links(row, keep: dict) -> dict:
    who = dict(keep, view="team", assignee=row.username or "-")
    return {"held": url_for("inbox.index", **who),
            "overdue": url_for("inbox.index", **who, overdue="1"),
            "due_soon": url_for("inbox.index", **who, figure="due_soon"),
            "waiting": url_for("inbox.index", **who, figure="waiting")}
