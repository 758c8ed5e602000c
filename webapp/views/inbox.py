"""The officer's inbox and task page: claim, unclaim, complete through the
model's form (a transfer or an extension request is the handling form's own
handling_action: the model decides what happens)."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.board import decisions
from engine.cases import bulk, kept, masked, queries, supplements, team
from engine.data.errors import Conflict, EngineError, Forbidden, InvalidData
from engine.models import starting
from engine.time.deadlines import as_utc

from .. import access, agency_groups, bulk_form, bulk_progress, taskform
from ..access import roles_required
from ..command_errors import command_error
from ..decision_words import with_decided
from .. import labels as labels_mod
from .. import inbox_category, inbox_rows, team_workload
from ..casepanel import context as case_panel
from .. import cited_cases, next_steps, request_cache, resource_fields, step_tables, supplement_page
from .. import task_conflict, unsent_form
from ..i18n import current_locale
from ..reply_to_deliver import reply_to_deliver
from ..extensions import clock, db, runtime
from ..filters import inbox_filter, landing_view
from ..landing import landing_url
from ..people import known_names

bp = Blueprint("inbox", __name__)


@bp.route("/")
def home():
    """Staff land on their first screen (webapp/landing.py: the inbox, or
    /admin for an administrator without case work); everyone else on the
    citizens' landing page."""
    if not current_user.is_authenticated:
        from .public import landing
        return landing()
    return redirect(landing_url(current_user))


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
    with db().connect() as conn:
        counts = queries.inbox_counts(conn, viewer, now=now)
        f = inbox_filter(args, default_view=landing_view(counts))
        if on_team:
            f = replace(f, view="team")
            rows, bulk_ctx = _team(conn, viewer, f, args, now, errors, values)
        else:
            rows, bulk_ctx = queries.inbox(conn, viewer, _peek(f), now), {}
        more, rows = len(rows) > f.limit, rows[:f.limit]
        # Art. 170: a title naming a confidential petitioner, masked for most
        rows = masked.listed(conn, viewer, rows)
        # another agency's team: its figures only, no list and no filters to build
        elsewhere = on_team and bulk_ctx["workload"]["elsewhere"]
        processes = [] if elsewhere else request_cache.latest_processes(conn)
        categories = [] if elsewhere else queries.category_choices(conn, f.process, processes)
        # Only the category's words are shown: no agency names (the header reads its own).
        labels = {d: labels_mod.for_case(conn, d, {}) for d in {r.definition_id for r in rows}}
        category_cells = inbox_category.cells(conn, rows, labels)   # 類別 of cases with no `category`
        # Who holds each task, by name (工務局承辦人); no read when nobody does (the queue).
        names = known_names(conn, {r.assignee for r in rows})
        deciding = _my_decisions(conn, viewer)
    page = f.offset // f.limit + 1
    lines = inbox_rows.lines(rows, labels, category_cells, names, now, f.view == "completed")
    return render_template("inbox/index.html", rows=rows, lines=lines, f=f, counts=counts, page=page,
                           processes=processes, categories=categories, now=now, args=args,
                           notices=_ignored_notices(f), may_bulk=_may_bulk(), bulk=bulk_ctx,
                           elsewhere=elsewhere, more=more, deciding=deciding)


def _my_decisions(conn, viewer) -> list:
    """What waits for the supervisor's own decision (an extension to approve),
    oldest first, on their first screen whichever tab opens: the navigation's
    待我核決 count, which this sets (counted once)."""
    if not current_user.has_role("supervisor", "admin") or not decisions.count(conn, viewer):
        g.decisions_waiting = 0
        return []
    actor = access.actor()
    mine = [d for d in decisions.waiting(conn, viewer) if d.decidable_by(actor)]
    g.decisions_waiting = len(mine)
    return mine


def _peek(f):
    """The filter reading one row past its page: the pager offers the next
    page only when that row exists (not whenever a page is full)."""
    return replace(f, limit=f.limit + 1)


def _team(conn, viewer, f, args, now, errors, values) -> tuple[list, dict]:
    """The team list's rows and its bulk controls' context. Another agency's
    team (the department reading its workload, webapp/team_agency.py) lists
    nothing: its figures and the agency choice only."""
    # a workload figure's link narrows the list; the summary above it
    narrow, workload = team_workload.team_list(conn, viewer, args, now)
    agencies = taskform.agency_choices(conn)
    if workload["elsewhere"]:
        return [], dict(workload=workload, agencies=agencies, matching=0)
    holder = args.get("assignee") or None
    rows = team.team_tasks(conn, viewer, _peek(f), now, holder, narrow)
    # "1,000+" past what one bulk run takes: never a count of a million rows.
    matching = team.team_count(conn, viewer, f, now, holder, cap=bulk.MAX_ITEMS + 1, narrow=narrow)
    narrowed = bool(workload["list_agency"] or workload["list_figure"])   # what a link chose
    return rows, dict(holder=holder, matching=matching, narrowed=narrowed, workload=workload,
                      officers=_officers(conn, viewer), agencies=agencies,
                      transfer_agencies=agency_groups.transfer_choices(conn, viewer),
                      errors=errors or {}, values=values or {}, max_items=bulk.MAX_ITEMS,
                      picked=set(values.getlist("task")) if values else set())


def _officers(conn, viewer) -> list:
    """Who can take tasks over: the agency's officers and supervisors."""
    return [o for o in team.officers(conn, None if viewer.sees_all else viewer.agency)
            if {"officer", "supervisor"} & set(o.roles.split(","))]


FILTER_KEYS = ("q", "process", "category", "due_by", "due_within", "priority", "overdue",
               "assignee", "sort", "agency", "figure")


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


@bp.route("/inbox/bulk/plan", methods=["POST"])
@roles_required(*BULK_ROLES)
def bulk_plan():
    """The bulk form's selection resolved to its tasks, checked, for the
    progress script (webapp/bulk_progress.py) to run in batches."""
    form, action = request.form, _task_action(request.form)
    args = {k: form.get(k) for k in FILTER_KEYS if form.get(k)} | {"view": "team"}
    items = _chosen_items(form, args)
    try:
        with db().connect() as conn:
            bulk.check(conn, action, access.actor(), len(items))
    except InvalidData as exc:
        return bulk_progress.fields_answer(exc.errors)
    except Forbidden:
        abort(403)
    return bulk_progress.plan_answer(action, bulk_progress.item_values(items),
                                     url_for("inbox.index", **args))


@bp.route("/inbox/bulk/batch", methods=["POST"])
@roles_required(*BULK_ROLES)
def bulk_batch():
    """One batch of the run: the posted tasks only, each its own command."""
    action = _task_action(request.form)
    items = bulk_form.seen_items(request.form.getlist("task"))
    try:
        return bulk_progress.run_batch(runtime(), action, items, access.actor())
    except Forbidden:
        abort(403)


def _task_action(form):
    action = bulk_form.action_from(form)
    return action if action.kind in bulk.TASK_ACTIONS else replace(action, kind="")


def _chosen_items(form, args) -> list:
    if form.get("all_matching") != "1":
        return bulk_form.seen_items(form.getlist("task"))
    f = inbox_filter(args)
    viewer, now = access.viewer(), clock().now()
    with db().connect() as conn:
        found = team.matching_tasks(conn, viewer, f, now, args.get("assignee") or None,
                                    bulk.MAX_ITEMS + 1, team_workload.narrow(conn, viewer, args, now))
    return [bulk.Item(r.id, r.assignee) for r in found]


def _summary(action, results, back: str):
    return bulk_form.render_summary(action, results, back)


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
def task_page(task_id, errors=None, values=None, supplement=None, unsent=False):
    with db().connect() as conn:
        t = _task_or_404(conn, task_id)
        c = queries.visible_case(conn, access.viewer(), case_id=t.case_id) or abort(404)
        meta = queries.task_meta(conn, c.definition_id, t.element_id)
        agencies = taskform.agency_choices(conn)
        # The case beside the form: the parts the model's task `shows` (default all).
        panel = case_panel(conn, access.viewer(), c, meta.shows if meta else None,
                           meta.show_fields if meta else ())
        case_data = panel.pop("case_data")   # as the viewer may read it (Art. 170)
        # 補正: ask the petitioner, or record the answer (webapp/supplement_page.py),
        # its texts as the case file lets the viewer read them (Art. 170).
        asked = supplement_page.for_task(conn, c, t, current_user, panel["cf"], **(supplement or {}))
        # A step's form starts from what the case knows, but a repeated step
        # (a loop's next round: the next shop, the next report) starts afresh:
        # the earlier round's answers are its own record, not this one's.
        known = queries.known_data(conn, c) if t.element_id not in panel["done_steps"] else {}
        # Earlier cases a case_number field may cite: the flagged duplicates, answered first.
        cited = cited_cases.offer(conn, access.viewer(), c, meta.fields if meta else [],
                                  panel["cf"].titles)
        reply = reply_to_deliver(conn, c, current_locale(), panel["cf"].reply)
        # Cars, drivers, rooms: free ones first, taken ones with their booking.
        fields = resource_fields.with_choices(conn, meta.fields if meta else [], c)
        # What scripts made that the step decides on (the audit's results per
        # office): the model's tables and values, from the task's own data.
        panel["step_data"] = step_tables.for_task(conn, t, meta, current_locale(), panel["labels"])
        back = handed_back(panel["cf"].timeline, t, c)
    supplement_page.seen(access.actor(), t, asked, clock().now())   # the inbox's 已補正 goes
    # A first look: what the case knows, the model's starts_from, defaults. A
    # refused form: what was posted, a field it did not carry as first shown.
    first = starting.values(fields, known, case_data)
    cited_cases.prefill(first, cited)
    # A form refused as no longer his: what he typed, read back (webapp/unsent_form.py).
    typed = unsent_form.rows(fields, values) if unsent else []
    values = first if values is None else taskform.reshown(fields, values, first)
    return render_template("inbox/task.html", t=t, c=c, fields=fields, agencies=agencies,
                           errors=errors or {}, values=values, now=clock().now(), unsent=typed,
                           cited=cited, reply=reply, supplement=asked,
                           asked_for=bool(meta and meta.not_by), born_late=born_late(t),
                           **back, **panel)


def handed_back(timeline, t, c) -> dict:
    """`kept`: why an open task is already its officer's (the system gave it
    back: keep_with); `extended_due`: its deadline is the case's extended one (已展期)."""
    return {"kept": kept.handed_back(timeline, t),
            "extended_due": bool(c.extended and t.due_at and c.due_at
                                 and as_utc(t.due_at) == as_utc(c.due_at))}


def born_late(t) -> bool:
    """The open task was created after its due instant had passed (the lead
    agency's consolidate after co-handling overran the case's deadline): the
    page says so, since the deadline stays where the law puts it."""
    return t.state == "ready" and t.due_at is not None and as_utc(t.created_at) > as_utc(t.due_at)


def _command(task_id, run, done_message):
    """Run an engine command on a visible task; show its error if it refuses."""
    with db().connect() as conn:
        _task_or_404(conn, task_id)
    try:
        run(access.actor())
    except EngineError as exc:
        flash(_("Not done: %(reason)s", reason=_refused(task_id, exc, sending=False)), "error")
        return redirect(url_for("inbox.task_page", task_id=task_id))
    flash(done_message, "success")
    return None


def _refused(task_id, exc, sending: bool) -> str:
    """A task taken meanwhile says by whom (task_conflict); other refusals as worded."""
    if not isinstance(exc, Conflict):
        return command_error(exc)
    with db().connect() as conn:
        return task_conflict.words(conn, task_id, sending)


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


@bp.route("/tasks/<task_id>/supplement", methods=["POST"])
@login_required
def ask_supplement(task_id):
    """補正: ask the petitioner to complete the petition; the clock stops."""
    text = request.form.get("request", "")
    # A petitioner without e-mail: the page's #supplement-phone box says to phone, and whom.
    return _supplement_command(
        task_id, "request", lambda a, _c: runtime().ask_supplement(task_id, a, text),
        lambda _r: _("The petitioner was asked to complete the petition; the deadline is "
                     "paused until the answer is recorded."))


@bp.route("/tasks/<task_id>/supplement/call", methods=["POST"])
@login_required
def record_supplement_call(task_id):
    """The officer phoned a petitioner who left no e-mail about the request."""
    return _supplement_command(
        task_id, "call", lambda a, _c: supplements.record_call(runtime(), task_id, a),
        lambda _r: _("The call to the petitioner was recorded."))


@bp.route("/tasks/<task_id>/supplement/answer", methods=["POST"])
@login_required
def answer_supplement(task_id):
    """補正完成: the petitioner's answer (by phone, by letter); the clock runs again."""
    text = request.form.get("answer", "")
    return _supplement_command(
        task_id, "answer",
        lambda a, cid: runtime().answer_supplement(cid, a, text, task_id=task_id),
        lambda days: _("The answer was recorded and the deadline runs again: it moved by "
                       "%(days)s working days.", days=days))


def _supplement_command(task_id, field, run, done):
    """Run a 補正 command; a missing text comes back beside its field (422)."""
    with db().connect() as conn:
        t = _task_or_404(conn, task_id)
    try:
        result = run(access.actor(), t.case_id)
    except InvalidData as exc:
        flash(_("Please correct the marked fields."), "error")
        kept = {"errors": exc.errors, "values": {field: request.form.get(field, "")}}
        return task_page(task_id, supplement=kept), 422
    except EngineError as exc:
        # The page as it is now (the other officer's request, say), with why
        # not and what he typed (webapp/supplement_page.py _kept).
        flash(_("Not done: %(reason)s", reason=supplement_page.refusal(exc, task_id)), "error")
        typed = {field: request.form.get(field, "")} if field != "call" else {}
        return task_page(task_id, supplement={"refused": typed}), exc.status
    flash(done(result), "success")
    return redirect(url_for("inbox.task_page", task_id=task_id))


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
        flash(_("Not done: %(reason)s", reason=_refused(task_id, exc, sending=True)), "error")
        if isinstance(exc, Conflict):   # the page as it is now, with what he filled in
            return task_page(task_id, values=request.form, unsent=True), exc.status
        return redirect(url_for("inbox.task_page", task_id=task_id))
    with db().connect() as conn:   # the case and where it went next, not just "done"
        done = next_steps.after_completing(conn, t.case_id)
    flash(with_decided(done, fields, values), "success")
    return redirect(url_for("inbox.index"))
