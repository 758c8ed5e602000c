"""Whose team the team view shows (/inbox?view=team&agency=CODE).

Everyone's own agency's; an administrator, or a supervisor of the department
that coordinates the city's cross-agency cases (engine/board/scope.DEPARTMENT:
the one whose supervisors also see every agency on the deadline board), may
choose another active agency. An agency that is not one of those is refused
with a 400 page naming it, the choice beside the error; other supervisors'
`agency` is not theirs to use and is left out, as before."""
from __future__ import annotations

from flask import abort, make_response, render_template
from flask_babel import gettext as _
from sqlalchemy import select

from engine.board.scope import sees_every_agency
from engine.data.schema import agency

from .taskform import agency_choices


def chosen(conn, viewer, args) -> str | None:
    """The active agency the viewer chose; None when none (or theirs: nothing
    to narrow) or when the viewer may not choose."""
    code = (args.get("agency") or "").strip()
    if not code or not sees_every_agency(viewer):
        return None
    found = conn.execute(select(agency.c.code).where(
        agency.c.code == code, agency.c.active.is_(True))).scalar()
    if found is None:
        abort(_refusal(conn, code))
    return None if found == viewer.agency and not viewer.sees_all else found


def elsewhere(viewer, code: str) -> bool:
    """The department's supervisor reading another agency's team: its figures,
    not its tasks (those stay with that agency's supervisors)."""
    return not viewer.sees_all and code != viewer.agency


def _refusal(conn, code: str):
    error = _("“%(code)s” is not an agency whose team you can see; choose one from the list.",
              code=code[:40])
    page = render_template("inbox/agency_refused.html", error=error, agencies=agency_choices(conn))
    return make_response(page, 400)
