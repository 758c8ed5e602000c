"""The officer's inbox and task page: claim, unclaim, complete through the
model's form (a transfer or an extension request is the handling form's own
handling_action: the model decides what happens)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.cases import queries
from engine.data.errors import EngineError, InvalidData

from .. import access, taskform
from ..command_errors import command_error
from .. import labels as labels_mod
from ..casepanel import context as case_panel
from .. import cited_cases
from ..i18n import current_locale
from ..reply_to_deliver import reply_to_deliver
from ..extensions import clock, db, runtime
from ..filters import inbox_filter, landing_view

bp = Blueprint("inbox", __name__)


@bp.route("/")
def home():
    """Staff land on their inbox; everyone else on the citizens' landing page."""
    if not current_user.is_authenticated:
        from .public import landing
        return landing()
    return redirect(url_for("inbox.index"))


@bp.route("/inbox")
@login_required
def index():
    viewer = access.viewer()
    with db().connect() as conn:
        counts = queries.inbox_counts(conn, viewer)
        f = inbox_filter(request.args, default_view=landing_view(counts))
        rows = queries.inbox(conn, viewer, f, clock().now())
        processes = queries.processes(conn)
        categories = queries.category_choices(conn, f.process)
        agencies = labels_mod.agency_names(conn)
        labels = {d: labels_mod.for_case(conn, d, agencies) for d in {r.definition_id for r in rows}}
    page = f.offset // f.limit + 1
    return render_template("inbox/index.html", rows=rows, f=f, counts=counts, page=page, labels=labels,
                           processes=processes, categories=categories, now=clock().now(),
                           args=request.args, notices=_ignored_notices(f))


def _ignored_notices(f) -> list[str]:
    """What the page says about query-string values it left out."""
    return [_("The list cannot be sorted by “%(value)s”; it is sorted by deadline.", value=value)
            if name == "sort" else
            _("“%(value)s” is not a priority the list can use (a whole number); the minimum "
              "priority was left out.", value=value)
            if name == "priority" else
            _("“%(value)s” is not a date (write it like 115/03/02); the date was left out.",
              value=value)
            for name, value in f.ignored]


def _task_or_404(conn, task_id):
    row = queries.visible_task(conn, access.viewer(), task_id)
    if row is None:
        abort(404)
    return row


@bp.route("/tasks/<task_id>")
@login_required
def task_page(task_id, errors=None, values=None):
    with db().connect() as conn:
        t = _task_or_404(conn, task_id)
        c = queries.visible_case(conn, access.viewer(), case_id=t.case_id) or abort(404)
        meta = queries.task_meta(conn, c.definition_id, t.element_id)
        agencies = taskform.agency_choices(conn)
        known = queries.known_data(conn, c) if values is None else {}
        # The case beside the form: the parts the model's task `shows` (default all).
        panel = case_panel(conn, access.viewer(), c, meta.shows if meta else None)
        # Earlier cases a case_number field may cite: the flagged duplicates, answered first.
        cited = cited_cases.offer(conn, access.viewer(), c, meta.fields if meta else [])
        reply = reply_to_deliver(conn, c, current_locale())
    fields = meta.fields if meta else []
    if values is None:  # a first look: start from the model's defaults and what the case knows
        values = {**taskform.defaults(fields),
                  **{f.name: known[f.name] for f in fields if known.get(f.name) is not None}}
        cited_cases.prefill(values, cited)
    return render_template("inbox/task.html", t=t, c=c, fields=fields, agencies=agencies,
                           errors=errors or {}, values=values, now=clock().now(),
                           cited=cited, reply=reply, **panel)


def _command(task_id, run, done_message):
    """Run an engine command on a visible task; show its error if it refuses."""
    with db().connect() as conn:
        _task_or_404(conn, task_id)
    try:
        run(access.actor())
    except EngineError as exc:
        flash(_("Not done: %(reason)s", reason=command_error(exc)), "error")
        return redirect(url_for("inbox.task_page", task_id=task_id))
    flash(done_message, "success")
    return None


@bp.route("/tasks/<task_id>/claim", methods=["POST"])
@login_required
def claim(task_id):
    return _command(task_id, lambda a: runtime().claim(task_id, a), _("Task claimed.")) \
        or redirect(url_for("inbox.task_page", task_id=task_id))


@bp.route("/tasks/<task_id>/unclaim", methods=["POST"])
@login_required
def unclaim(task_id):
    return _command(task_id, lambda a: runtime().unclaim(task_id, a),
                    _("Task returned to the agency queue.")) or redirect(url_for("inbox.index"))


@bp.route("/tasks/<task_id>/complete", methods=["POST"])
@login_required
def complete(task_id):
    with db().connect() as conn:
        t = _task_or_404(conn, task_id)
        c = queries.visible_case(conn, access.viewer(), case_id=t.case_id) or abort(404)
        meta = queries.task_meta(conn, c.definition_id, t.element_id)
    fields = meta.fields if meta else []
    values = taskform.submitted(fields, request.form)
    try:
        runtime().complete(task_id, access.actor(), values)
    except InvalidData as exc:
        flash(_("Please correct the marked fields."), "error")
        return task_page(task_id, errors=exc.errors, values=request.form), 422
    except EngineError as exc:
        flash(_("Not done: %(reason)s", reason=command_error(exc)), "error")
        return redirect(url_for("inbox.task_page", task_id=task_id))
    flash(_("Task completed."), "success")
    return redirect(url_for("inbox.index"))
