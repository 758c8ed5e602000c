"""An officer asks for an extension (展期) of a task's deadline; a supervisor
decides it later (engine/cases/extensions.py holds the rules and the notice)."""
from __future__ import annotations

from datetime import datetime, time

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from engine.cases import extensions as deadlines_ext
from engine.cases import queries
from engine.time.clock import TAIPEI

from . import access
from .extensions import clock, db, runtime


def handle(task_id: str, task_or_404):
    reason = (request.form.get("reason") or "").strip()[:2000]
    try:
        day = datetime.strptime(request.form.get("proposed_due", ""), "%Y-%m-%d").date()
    except ValueError:
        flash(_("Give the new due date."), "error")
        return redirect(url_for("inbox.task_page", task_id=task_id))
    # A deadline is the end of that working day in Taipei.
    proposed = datetime.combine(day, time(23, 59, 59), tzinfo=TAIPEI)
    try:
        with db().begin() as conn:
            task_or_404(conn, task_id)
            deadlines_ext.request_extension(conn, clock(), access.viewer().username,
                                            task_id=task_id, reason=reason, proposed_due=proposed)
    except deadlines_ext.DeadlineError as exc:
        flash(_("Not done: %(reason)s", reason=str(exc)), "error")
        return redirect(url_for("inbox.task_page", task_id=task_id))
    flash(_("Extension requested: a supervisor will decide."), "success")
    return redirect(url_for("inbox.task_page", task_id=task_id))


def decide(task_id: str, request_id: int, task_or_404):
    """A supervisor of the task's agency approves or rejects a pending request."""
    approve = request.form.get("decision") == "approve"
    with db().connect() as conn:
        row = task_or_404(conn, task_id)
        pending = {e.id for e in queries.extensions_of(conn, row.case_id)
                   if e.task_id == task_id}
    if request_id not in pending:
        abort(404)
    try:
        # The engine moves the deadline and its reminder timers in the workflow too.
        runtime().decide_extension(request_id, access.actor(), approve=approve,
                                   note=(request.form.get("note") or "")[:500])
    except deadlines_ext.DeadlineError as exc:
        flash(_("Not done: %(reason)s", reason=str(exc)), "error")
        return redirect(url_for("inbox.task_page", task_id=task_id))
    flash(_("Extension approved.") if approve else _("Extension rejected."), "success")
    return redirect(url_for("inbox.task_page", task_id=task_id))
