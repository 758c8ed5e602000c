"""/admin/outbox: notices waiting, sent and failed, with their recipient and
error; resend a failed one."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from engine.scheduling import outbox
from engine.scheduling.outbox import SmtpSettings

from ...extensions import clock, db
from . import bp

TABS = ("pending", "dead", "sent")   # 'sending' is a moment's state; shown under all
PAGE = 100


@bp.route("/outbox")
def outbox_index():
    status = request.args.get("status", "pending")
    if status not in TABS + ("all",):
        status = "pending"
    page = max(1, request.args.get("page", 1, type=int))
    with db().connect() as conn:
        counts = outbox.status_counts(conn)
        rows = outbox.notices(conn, None if status == "all" else status, PAGE + 1,
                              (page - 1) * PAGE)
    return render_template("admin/outbox.html", rows=rows[:PAGE], more=len(rows) > PAGE,
                           page=page, status=status, tabs=TABS, counts=counts,
                           smtp=SmtpSettings.from_config(current_app.config),
                           action_form=FlaskForm())


@bp.route("/outbox/<int:notice_id>/resend", methods=["POST"])
def outbox_resend(notice_id):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        done = outbox.resend(conn, notice_id, current_user.username, clock().now())
    if done:
        flash(_("The notice is queued to be sent again."), "success")
    else:
        flash(_("Only a failed notice can be sent again."), "error")
    return redirect(url_for("admin.outbox_index", status="dead"))
