"""The team view's workload summary (engine/board/workload.py) and the list
conditions its links carry: `agency` (an administrator's choice; everyone
else's list is their own agency's) and `figure` (due within 2 working days,
waiting on the petitioner), so the list behind a number is that number. An
agency's list holds the tasks its team may take, as the summary counts them
(workload.takeable: not the intake desk's registrations at the department)."""
from __future__ import annotations

from flask import url_for

from engine.board import workload as wl
from engine.data.schema import task
from engine.time.calendar import WorkingCalendar
from engine.board.figures import due_soon_limit
from engine.board.scope import sees_every_agency

from . import team_agency


def chosen_agency(conn, viewer, args) -> str | None:
    """The agency an administrator or the department's supervisor chose
    (webapp/team_agency.py: an unknown one is a 400); None otherwise."""
    return team_agency.chosen(conn, viewer, args)


def narrow(conn, viewer, args, now) -> list:
    """The extra conditions of the team list asked for by a workload link."""
    figure, listed = args.get("figure"), chosen_agency(conn, viewer, args)
    soon = due_soon_limit(now, WorkingCalendar.load(conn)) if figure in wl.FIGURES else None
    roles = _team_roles(conn, viewer, listed)
    return _conditions(listed, figure, now, soon, roles)


def _team_roles(conn, viewer, listed) -> tuple | None:
    """The roles of the listed agency's team; None when the list is every
    agency's (an administrator who chose none)."""
    if listed is None and viewer.sees_all:
        return None
    return wl.team_roles(wl.members(conn, listed or viewer.agency))


def team_list(conn, viewer, args, now) -> tuple[list, dict]:
    """The team list's extra conditions and its workload summary (each
    number's link), the listed agency looked up once for both."""
    listed = chosen_agency(conn, viewer, args)
    code = listed or viewer.agency
    load = wl.workload(conn, code, now)
    keep = {"agency": code} if viewer.sees_all else {}
    figure = args.get("figure") if args.get("figure") in wl.FIGURES else None
    summary = dict(load=load, agency=code, chooses=sees_every_agency(viewer),
                   elsewhere=team_agency.elsewhere(viewer, code), list_agency=listed,
                   list_figure=figure, links={r.username: _links(r, keep) for r in load.rows})
    roles = None if listed is None and viewer.sees_all else load.roles
    return _conditions(listed, figure, now, load.soon, roles), summary


def _conditions(listed: str | None, figure: str | None, now, soon, roles) -> list:
    out = [task.c.candidate_agency == listed] if listed else []
    if roles is not None:
        out.append(wl.takeable(roles))
    if figure in wl.FIGURES:
        out += wl.narrowing(figure, now, soon)
    return out


def _links(row, keep: dict) -> dict:
    who = dict(keep, view="team", assignee=row.username or "-")
    return {"held": url_for("inbox.index", **who),
            "overdue": url_for("inbox.index", **who, overdue="1"),
            "due_soon": url_for("inbox.index", **who, figure="due_soon"),
            "waiting": url_for("inbox.index", **who, figure="waiting")}
