"""/admin: what needs an administrator's attention, and whether mail goes out."""
from __future__ import annotations

from flask import render_template

from engine.scheduling import outbox, timers

from ... import connections, oidc, throttle, users
from ...extensions import clock, db
from . import bp, scope


@bp.route("/")
def home():
    with db().connect() as conn:
        counts = _all_counts(conn) if scope.full() else _agency_counts(conn)
    settings = connections.current()   # as saved at /admin/connections, or set on the server
    return render_template("admin/home.html", counts=counts, full=scope.full(),
                           smtp=connections.smtp_settings(settings), sso=oidc.enabled(settings),
                           sso_unreadable=oidc.unreadable(settings))


def _all_counts(conn) -> dict:
    return {"timers_failed": timers.count_failed(conn),
            "notices": outbox.status_counts(conn),
            "users": users.counts(conn),
            "locked": len(throttle.locked_accounts(conn, clock().now()))}


def _agency_counts(conn) -> dict:
    """A supervisor's figures: only their agencies' accounts, timers and notices."""
    mine = [r for r in users.list_users(conn) if scope.user_allowed(conn, r)]
    locked = throttle.locked_accounts(conn, clock().now())
    return {"timers_failed": len(scope.failed_timers(conn)),
            "notices": {"dead": scope.dead_notices(conn, scope.agencies(conn))},
            "users": {"must_change": sum(1 for r in mine if r.active and r.must_change_password)},
            "locked": sum(1 for r in mine if r.username.strip().lower() in locked)}
