"""“Waiting for my decision”: the supervisors' list of open tasks that wait
for a supervisor (an extension to approve, a disagreement to coordinate) in
the agencies they see, oldest first, and the count in the navigation.

The decision itself is the model's task: its page here shows what was
asked beside the task's own form (pre-filled with what the asker proposed)
and completing it completes the model's task, as the task page would.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from engine.board import decisions
from engine.cases import queries
from engine.data.errors import EngineError, InvalidData

from .. import access, step_tables, taskform
from ..decision_words import with_decided
from ..access import roles_required
from ..command_errors import command_error
from ..extensions import clock, db, runtime
from ..i18n import current_locale
from ..labels import choice_label
from ..people import known_names

bp = Blueprint("decisions", __name__)
ROLES = ("supervisor", "admin")


@bp.route("/decisions")
@roles_required(*ROLES)
def index():
    with db().connect() as conn:
        # What each case is about (subject, the person's words), read with the list.
        rows = decisions.waiting(conn, access.viewer(), about=True)
        names = known_names(conn, {d.requested_by for d in rows})
        categories = _categories(conn, rows)
    return render_template("decisions/index.html", rows=rows, names=names, actor=access.actor(),
                           categories=categories, now=clock().now())


@bp.route("/decisions/<task_id>")
@roles_required(*ROLES)
def show(task_id, errors=None, values=None):
    with db().connect() as conn:
        d = decisions.one(conn, access.viewer(), task_id, about=True) or abort(404)
        fields = _fields(conn, d)
        names = known_names(conn, {d.requested_by})
        categories = _categories(conn, [d])
        agencies = taskform.agency_choices(conn)
        step_data = _step_data(conn, d)
    # Start from what the asker proposed (e.g. the working days); after a refused
    # submit keep what was sent, and the proposal for fields hidden then (not sent).
    proposed = {**taskform.defaults(fields),
                **{f.name: d.asked[f.name] for f in fields if d.asked.get(f.name) is not None}}
    if values is None:
        values = proposed
    else:
        values = MultiDict(values)
        for name, value in proposed.items():
            values.setdefault(name, value)
    return render_template("decisions/show.html", d=d, fields=fields, names=names,
                           categories=categories, agencies=agencies, errors=errors or {},
                           values=values, actor=access.actor(), now=clock().now(),
                           step_data=step_data)


def _step_data(conn, d) -> dict:
    """What the decision rests on, as the task page shows it beside the form
    (the model's tables and values: a records audit's results per office)."""
    meta = queries.task_meta(conn, d.definition_id, d.element_id)
    if not (meta and (meta.tables or meta.values)):
        return {}
    row = queries.visible_task(conn, access.viewer(), d.task_id)
    return step_tables.for_task(conn, row, meta, current_locale()) if row else {}


@bp.route("/decisions/<task_id>", methods=["POST"])
@roles_required(*ROLES)
def decide(task_id):
    with db().connect() as conn:
        d = decisions.one(conn, access.viewer(), task_id) or abort(404)
        fields = _fields(conn, d)
    values = taskform.submitted(fields, request.form)
    try:
        runtime().complete(task_id, access.actor(), values)
    except InvalidData as exc:
        flash(_("Please correct the marked fields."), "error")
        return show(task_id, errors=exc.errors, values=request.form), 422
    except EngineError as exc:
        flash(_("Not done: %(reason)s", reason=command_error(exc)), "error")
        return redirect(url_for("decisions.show", task_id=task_id))
    recorded = _("Your decision on %(case)s is recorded.", case=d.case_number)
    flash(with_decided(recorded, fields, values), "success")
    return redirect(url_for("decisions.index"))


def _categories(conn, rows) -> dict:
    """{task id: the case's category in the viewer's words}, only where the
    model names it (never a code)."""
    words, out = {}, {}   # words: {definition id: labels.choice_label's words}
    for d in (d for d in rows if d.category):
        if d.definition_id not in words:
            words[d.definition_id] = {"choices": queries.choice_labels(conn, d.definition_id)}
        said = choice_label(words[d.definition_id], "category", d.category)
        if said != d.category:
            out[d.task_id] = said
    return out


def _fields(conn, d) -> list:
    meta = queries.task_meta(conn, d.definition_id, d.element_id)
    return meta.fields if meta else []


@bp.app_context_processor
def _navigation_count():
    """`decisions_waiting()` for base.html: counted once per request, and only
    when a supervisor's page asks for it."""
    def decisions_waiting() -> int:
        if "decisions_waiting" not in g:
            g.decisions_waiting = 0
            if current_user.is_authenticated and current_user.has_role(*ROLES):
                with db().connect() as conn:
                    g.decisions_waiting = decisions.count(conn, access.viewer())
        return g.decisions_waiting
    return {"decisions_waiting": decisions_waiting}
