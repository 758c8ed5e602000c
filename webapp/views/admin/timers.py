"""/admin/timers: timers whose firing failed, with their error and model
element; put one or all back to fire again."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from engine.scheduling import timers

from ...extensions import clock, db, runtime
from . import bp


@bp.route("/timers")
def timers_index():
    with db().connect() as conn:
        rows = timers.failed(conn)
    return render_template("admin/timers.html", rows=rows, action_form=FlaskForm())


@bp.route("/timers/retry", methods=["POST"])
def timers_retry():
    FlaskForm().validate_on_submit() or abort(400)
    chosen = request.form.get("timer", type=int)
    now = clock().now()
    with db().begin() as conn:
        count = timers.retry_by(conn, current_user.username, now,
                                None if chosen is None else [chosen])
    _wake_scheduler(now)
    flash(ngettext("%(num)s timer is put back: the scheduler fires it again.",
                   "%(num)s timers are put back: the scheduler fires them again.", count), "success")
    return redirect(url_for("admin.timers_index"))


def _wake_scheduler(now) -> None:
    # An embedded scheduler (civicflow serve) sleeps until its next due timer;
    # a retried timer is due now. Separate schedulers poll on their own.
    hook = runtime().on_timer
    if hook:
        hook(now)
