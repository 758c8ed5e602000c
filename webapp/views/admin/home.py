"""/admin: what needs an administrator's attention, and whether mail goes out."""
from __future__ import annotations

from flask import current_app, render_template

from engine.scheduling import outbox, timers
from engine.scheduling.outbox import SmtpSettings

from ... import throttle, users
from ...extensions import db
from . import bp


@bp.route("/")
def home():
    with db().connect() as conn:
        counts = {"timers_failed": timers.count_failed(conn),
                  "notices": outbox.status_counts(conn),
                  "users": users.counts(conn),
                  "locked": len(throttle.locked_accounts(conn))}
    smtp = SmtpSettings.from_config(current_app.config)
    return render_template("admin/home.html", counts=counts, smtp=smtp)
