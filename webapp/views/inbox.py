"""The officer's inbox and task page: claim, unclaim, complete through the
model's form (a transfer or an extension request is the handling form's own
handling_action: the model decides what happens)."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.cases import bulk, queries, team
from engine.data.errors import EngineError, Forbidden, InvalidData

from .. import access, bulk_form, taskform
from ..access import roles_required
from ..command_errors import command_error
from .. import labels as labels_mod
from ..casepanel import context as case_panel
from .. import cited_cases, resource_fields
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
    return _index_page(request.args)


BULK_ROLES = ("supervisor", "admin")


def _may_bulk() -> bool:
    """Supervisors (and administrators) see their agency's whole list and move its tasks."""
    return current_user.has_role(*BULK_ROLES)


def _index_page(args, errors=None, values=None):
    """The inbox; for a supervisor the "team" list adds every open task of the
    agency, an officer filter and the bulk controls (errors beside them)."""
    viewer, now = access.viewer(), clock().now()
    on_team = args.get("view") == "team" and _may_bulk()
    bulk_ctx = {}
    with db().connect() as conn:
        counts = queries.inbox_counts(conn, viewer)
        f = inbox_filter(args, default_view=landing_view(counts))
        if on_team:
            f = replace(f, view="team")
            holder = args.get("assignee") or None
            rows = team.team_tasks(conn, viewer, f, now, holder)
            bulk_ctx = dict(holder=holder, matching=team.team_count(conn, viewer, f, now, holder),
                            officers=_officers(conn, viewer), agencies=taskform.agency_choices(conn),
                            errors=errors or {}, values=values or {}, max_items=bulk.MAX_ITEMS,
                            picked=set(values.getlist("task")) if values else set())
        else:
            rows = queries.inbox(conn, viewer, f, now)
        processes = queries.processes(conn)
        categories = queries.category_choices(conn, f.process)
        agencies = labels_mod.agency_names(conn)
        labels = {d: labels_mod.for_case(conn, d, agencies) for d in {r.definition_id for r in rows}}
        names = bulk_form.user_names(conn, {r.assignee for r in rows}) if on_team else {}
    page = f.offset // f.limit + 1
    return render_template("inbox/index.html", rows=rows, f=f, counts=counts, page=page, labels=labels,
                           processes=processes, categories=categories, now=now, args=args,
                           notices=_ignored_notices(f), may_bulk=_may_bulk(), bulk=bulk_ctx,
                           names=names)


def _officers(conn, viewer) -> list:
    """Who can take tasks over: the agency's officers and supervisors."""
    return [o for o in team.officers(conn, None if viewer.sees_all else viewer.agency)
            if {"officer", "supervisor"} & set(o.roles.split(","))]


FILTER_KEYS = ("q", "process", "category", "due_by", "due_within", "priority", "overdue",
               "assignee", "sort")


@bp.route("/inbox/bulk", methods=["POST"])
@roles_required(*BULK_ROLES)
def bulk_action():
    """Reassign, return to the queue or transfer the selected tasks (or all
    that match the list's filter); then the summary, item by item."""
    form = request.form
    action = bulk_form.action_from(form)
    if action.kind not in bulk.TASK_ACTIONS:
        action = replace(action, kind="")   # cases are cancelled from the board
    args = {k: form.get(k) for k in FILTER_KEYS if form.get(k)} | {"view": "team"}
    try:
        items = _chosen_items(form, args)
        results = bulk.run(runtime(), action, items, access.actor())
    except InvalidData as exc:
        flash(_("Please correct the marked fields."), "error")
        return _index_page(args, errors=bulk_form.field_errors(exc.errors), values=form), 422
    except Forbidden:
        abort(403)
    return _summary(action, results, url_for("inbox.index", **args))


def _chosen_items(form, args) -> list:
    if form.get("all_matching") != "1":
        return bulk_form.seen_items(form.getlist("task"))
    f = inbox_filter(args)
    with db().connect() as conn:
        found = team.matching_tasks(conn, access.viewer(), f, clock().now(),
                                    args.get("assignee") or None, bulk.MAX_ITEMS + 1)
    return [bulk.Item(r.id, r.assignee) for r in found]


def _summary(action, results, back: str):
    return bulk_form.render_summary(action, results, back)
