"""Who sees which agencies on the deadline board.

A supervisor sees their own agency and the agencies under it (agency.parent_code,
followed down); the department's supervisor (DOA) and administrators see all.
"""
from __future__ import annotations

from sqlalchemy import select

from engine.data.schema import agency

DEPARTMENT = "DOA"


class NotAllowed(Exception):
    """The viewer may not open the board."""


def sees_every_agency(viewer) -> bool:
    """An administrator, or a supervisor of the department that coordinates
    the city's cross-agency cases: every agency's board and team figures."""
    return "admin" in viewer.roles or ("supervisor" in viewer.roles and viewer.agency == DEPARTMENT)


# Who writes the half-year report to the city council (../shared/journeys.md):
# the department's secretariat and the research and evaluation commission (研考會),
# whose officers track every agency's on-time rate, not only their chiefs.
REPORT_WRITERS = (DEPARTMENT, "RDEC")
REPORT_ROLES = frozenset({"supervisor", "analyst", "officer"})


def reads_city_report(viewer) -> bool:
    """Whoever sees every agency, or a supervisor, analyst or officer of the
    department or of RDEC: the whole city's period report, its council
    document and wording."""
    return sees_every_agency(viewer) or (
        viewer.agency in REPORT_WRITERS and bool(REPORT_ROLES & set(viewer.roles)))


def board_scope(conn, viewer) -> set[str] | None:
    """The agency codes `viewer` may see; None means every agency."""
    if sees_every_agency(viewer):
        return None
    if "supervisor" not in viewer.roles:
        raise NotAllowed(viewer.username)
    children: dict[str, list[str]] = {}
    for code, parent in conn.execute(select(agency.c.code, agency.c.parent_code)):
        children.setdefault(parent, []).append(code)
    scope, todo = set(), [viewer.agency]
    while todo:
        code = todo.pop()
        if code not in scope:
            scope.add(code)
            todo.extend(children.get(code, []))
    return scope


def in_scope(scope, code: str) -> bool:
    return scope is None or code in scope


def agency_choices(conn, scope) -> list:
    """(code, name_zh, name_en, kind, district) of the agencies the viewer may
    filter to (kind and district: the page lists them as officials look one up)."""
    q = select(agency.c.code, agency.c.name_zh, agency.c.name_en, agency.c.kind,
               agency.c.district).order_by(agency.c.code)
    if scope is not None:
        q = q.where(agency.c.code.in_(sorted(scope)))
    return conn.execute(q).all()
