"""/admin/outbox: notices waiting, sent and failed, with their recipient and
error; one notice whole (its body, administrators only); resend a failed one.
A supervisor sees and resends the failed notices of their agencies' cases
only (scope.py)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from sqlalchemy import select

from engine.data.schema import outbox as outbox_table
from engine.scheduling import outbox
from engine.scheduling.outbox import SmtpSettings

from ... import connections
from ...extensions import clock, db
from . import bp, scope
from .actions import mail_error, notice_kind

TABS = ("pending", "dead", "sent")   # 'sending' is a moment's state; shown under all
PAGE = 100


@bp.route("/outbox")
def outbox_index():
    status = request.args.get("status", "pending" if scope.full() else "dead")
    if status not in TABS + ("all",) or not scope.full():
        status = "pending" if scope.full() else "dead"   # a supervisor: failed ones only
    page = max(1, request.args.get("page", 1, type=int))
    with db().connect() as conn:
        agencies = scope.agencies(conn)
        counts = outbox.status_counts(conn) if agencies is None else \
            {"dead": scope.dead_notices(conn, agencies)}
        rows = outbox.notices(conn, None if status == "all" else status, PAGE + 1,
                              (page - 1) * PAGE, agencies=agencies)
    return render_template("admin/outbox.html", rows=rows[:PAGE], more=len(rows) > PAGE,
                           page=page, status=status, tabs=TABS if scope.full() else ("dead",),
                           counts=counts, full=scope.full(), notice_kind=notice_kind,
                           mail_error=mail_error,
                           smtp=SmtpSettings.from_config(connections.current()),
                           action_form=FlaskForm())


@bp.route("/outbox/<int:notice_id>")
def outbox_show(notice_id):
    """One notice as it was written, for an administrator answering a citizen
    who asks about a mail: the body is shown as plain text. Reading it is
    not audited (nothing changes); supervisors may not open it (scope.py)."""
    with db().connect() as conn:
        row = outbox.notice(conn, notice_id)
    if row is None:
        abort(404)
    return render_template("admin/outbox_show.html", n=row, notice_kind=notice_kind,
                           mail_error=mail_error, action_form=FlaskForm())


@bp.route("/outbox/<int:notice_id>/resend", methods=["POST"])
def outbox_resend(notice_id):
    FlaskForm().validate_on_submit() or abort(400)
    with db().begin() as conn:
        _require_in_scope(conn, notice_id)
        done = outbox.resend(conn, notice_id, current_user.username, clock().now())
    if done:
        flash(_("The notice is queued to be sent again."), "success")
    else:
        flash(_("Only a failed notice can be sent again."), "error")
    return redirect(url_for("admin.outbox_index", status="dead"))


def _require_in_scope(conn, notice_id: int) -> None:
    """403 when a supervisor names a notice that is not of their agencies' cases."""
    if scope.full():
        return
    case_id = conn.execute(select(outbox_table.c.case_id)
                           .where(outbox_table.c.id == notice_id)).scalar()
    if case_id is None or not scope.case_ids_in_scope(conn, [case_id]):
        abort(403)
