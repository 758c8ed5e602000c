"""Who may do what under /admin.

An administrator sees and does everything. A supervisor (without the admin
role) gets a smaller area for their own agency and the agencies under it
(agency.parent_code followed down): its accounts (unlock, reset a password;
never roles, agency, activation or an administrator's account), the failed
timers of its cases and the failed notices of its cases. Anything outside
that scope is refused with 403 (a page in the viewer's language), and nothing
changes."""
from __future__ import annotations

from flask import abort, g
from flask_login import current_user
from sqlalchemy import func, select

from engine.data.schema import agency, case, outbox
from engine.scheduling import timers

# The endpoints a supervisor may open; every other admin page is admins' only.
SUPERVISOR_ENDPOINTS = frozenset({
    "admin.home", "admin.users_index", "admin.user_edit", "admin.user_reset",
    "admin.user_unlock", "admin.timers_index", "admin.timers_retry",
    "admin.outbox_index", "admin.outbox_resend"})


def full() -> bool:
    """Whether the current user administers the whole system."""
    return current_user.has_role("admin")


def may_open(endpoint: str | None) -> bool:
    return full() or (current_user.has_role("supervisor") and endpoint in SUPERVISOR_ENDPOINTS)


def agencies(conn) -> frozenset[str] | None:
    """The agency codes the current user manages; None means all of them."""
    if full():
        return None
    if "admin_agencies" not in g:
        g.admin_agencies = agency_tree(conn, current_user.agency)
    return g.admin_agencies


def agency_tree(conn, root: str) -> frozenset[str]:
    """`root` and every agency under it."""
    children: dict[str, list[str]] = {}
    for code, parent in conn.execute(select(agency.c.code, agency.c.parent_code)):
        children.setdefault(parent, []).append(code)
    found, todo = set(), [root]
    while todo:
        code = todo.pop()
        if code not in found:
            found.add(code)
            todo.extend(children.get(code, []))
    return frozenset(found)


def user_allowed(conn, row) -> bool:
    """Whether the current user may manage the account `row` (app_user)."""
    scope = agencies(conn)
    if scope is None:
        return True
    roles = {r.strip() for r in (row.roles or "").split(",")}
    return row.agency_code in scope and "admin" not in roles


def require_user(conn, row):
    """`row` when the current user may manage it; 404 when there is no such
    account, 403 when it belongs to another agency or is an administrator."""
    if row is None:
        abort(404)
    if not user_allowed(conn, row):
        abort(403)
    return row


def case_ids_in_scope(conn, case_ids) -> set[int]:
    """Those of `case_ids` whose responsible agency the current user manages."""
    scope = agencies(conn)
    ids = set(case_ids)
    if scope is None or not ids:
        return ids
    return set(conn.execute(select(case.c.id).where(
        case.c.id.in_(sorted(ids)), case.c.responsible_agency.in_(sorted(scope)))).scalars())


def failed_timers(conn) -> list:
    """The failed timers (engine.scheduling.timers.failed) the current user may retry."""
    rows = timers.failed(conn)
    mine = case_ids_in_scope(conn, {r.case_id for r in rows})
    return [r for r in rows if r.case_id in mine]


def dead_notices(conn, scope) -> int:
    """Failed notices of the cases in `scope` (the supervisor's first screen)."""
    return conn.execute(select(func.count()).select_from(outbox)
                        .join(case, case.c.id == outbox.c.case_id)
                        .where(outbox.c.status == "dead",
                               case.c.responsible_agency.in_(sorted(scope)))).scalar()
