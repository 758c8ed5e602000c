"""Moving open cases to a newer version, from that version's page: the plan
form, the dry run and the run, and their progress pages. The page only
records the request: a scheduler process works it (engine/cases/migration/
jobs.py, engine/scheduling/migration_jobs.py) and resumes it by itself after
a restart; the pages refresh until it is done. Routes on the versions
blueprint."""
from __future__ import annotations

import json

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine.cases import queries
from engine.cases.actors import Actor
from engine.cases.migration import dryrun
from engine.cases.migration import jobs
from engine.cases.migration import plan as plans
from engine.cases.migration import run as runs
from engine.data.errors import InvalidData
from engine.time.clock import parse_iso
from engine.time.deadlines import as_utc
from engine.models import versions as modelversions
from engine.models.task_names import pick, split_bilingual
from engine.scheduling import migration_jobs

from .. import access
from ..extensions import clock, db, runtime
from ..i18n import current_locale, roc_date
from ..migration_reasons import reason_text
from .versions import RUNNERS

# Beside the versions pages, under the same address: /models/<key>/versions/...
bp = Blueprint("migrations", __name__, url_prefix="/models")

SHOWN = 300          # dry-run rows on the page; the counts cover every case
ACTIVE_SECONDS = 30  # a run with a case done this recently is being worked on


def element_names(definitions) -> dict:
    """Element id -> its name in the reader's language, over the versions given."""
    locale, out = current_locale(), {}
    for defn in definitions:
        for eid, ts in plans.elements(defn).items():
            meta = defn.tasks.get(eid)
            out[eid] = meta.label(locale) if meta else \
                (pick(*split_bilingual(ts.bpmn_name or ""), locale) or eid)
    return out


def _target(key: str, number: int):
    with db().connect() as conn:
        if modelversions.version(conn, key, number) is None:
            abort(404)
        rows = modelversions.versions(conn, key)
    older = [r for r in rows if r["version"] < number]
    return rows, older


def _plan_from(form, key: str, number: int, shown) -> plans.MigrationPlan:
    choices = {eid for eid, _n in shown["choices"]}
    mapping = {}
    for u in shown["unmapped"]:
        target = form.get(f"map-{u['element']}", "")
        if target:
            if target not in choices:
                abort(400)
            mapping[u["element"]] = target
    defaults = {n["name"]: form[f"default-{n['name']}"] for n in shown["new_required"]
                if form.get(f"default-{n['name']}")}
    source = form.get("from", "")
    plan = plans.MigrationPlan(key, number, int(source) if source.isdigit() else None, mapping,
                               defaults, bool(form.get("recompute")))
    plans.typed_defaults(shown["definition"], defaults)   # InvalidData: shown beside the field
    return plan


def _outline(plan):
    with db().connect() as conn:
        shown = plans.outline(conn, runtime().specs, plan)
        olds = [runtime().specs.get(conn, i) for i in plans.source_ids(conn, plan)]
    names = element_names([*olds, shown["definition"]])
    for need in shown["new_required"]:
        names["field:" + need["name"]] = need["field"].label(current_locale())
    return shown, names


@bp.route("/<key>/versions/<int:number>/migrate", methods=["GET", "POST"])
@access.roles_required(*RUNNERS)
def migrate_plan(key, number):
    """The plan form (GET), then the dry run of the plan (POST)."""
    _rows, older = _target(key, number)
    if not older:
        abort(404)
    form = request.form if request.method == "POST" else request.args
    source = form.get("from", "")
    plan = plans.MigrationPlan(key, number, int(source) if source.isdigit() else None)
    shown, names = _outline(plan)
    if request.method == "POST":
        try:
            plan = _plan_from(form, key, number, shown)
        except InvalidData as err:
            return render_template("versions/migrate.html", key=key, number=number, older=older,
                                   plan=plan, shown=shown, names=names, errors=err.errors), 422
        return _request(plan, jobs.request_dry_run)
    return render_template("versions/migrate.html", key=key, number=number, older=older,
                           plan=plan, shown=shown, names=names, errors={})


def _request(plan, ask):
    """Record the dry run or run of `plan` over the chosen cases for the
    scheduler, and show its page (which follows it) at once."""
    with db().connect() as conn:
        ids = dryrun.chosen_cases(conn, plan)
    run_id = ask(runtime(), plan, ids, _actor())
    return redirect(url_for("migrations.migration", key=plan.process_key, run_id=run_id))


def _actor() -> Actor:
    return Actor(current_user.username, current_user.agency, frozenset(current_user.roles))


def _dry_run_page(key, row, plan):
    progress = jobs.dry_progress(db(), row.id)
    if progress["state"] != migration_jobs.DRY_DONE:
        return render_template("versions/migrate_dryrun_wait.html", key=key, run=row,
                               number=plan.to_version, plan=plan, progress=progress,
                               late=_late(row))
    shown, names = _outline(plan)
    rows = [_dry_row(v, names) for v in jobs.dry_results(db(), row.id, SHOWN)]
    return render_template("versions/migrate_dryrun.html", key=key, number=plan.to_version,
                           plan=plan, shown=shown, names=names, rows=rows, openable=_openable(rows),
                           total=progress["total"], movable=progress["movable"],
                           due_changes=jobs.dry_due_changes(db(), row.id))


def _dry_row(v: dict, names: dict) -> dict:
    """One case of the dry run: where it waits, whether it moves, its
    deadline now and once moved, and why that deadline stays when it does."""
    moves = not v["code"]
    changes = moves and _day(v["due_before"]) != _day(v["due_after"])
    return {"number": v["number"], "version": v["version"],
            "waiting": [names.get(e, e) for e in v["waiting"]],
            "reason": None if moves else reason_text(v["code"], v["params"], names),
            "due_before": v["due_before"], "due_after": v["due_after"] if moves else None,
            "due_changes": changes, "note": deadline_note(v["decisions"], names, v["due_after"],
                                                          changes) if moves else None}


def _day(instant):
    return roc_date(instant, "en") if instant is not None else None


def deadline_note(decisions: dict | None, names: dict, due, changes: bool) -> str | None:
    """That the new decision table set the deadline, or why recomputing
    leaves it as it is (engine/cases/migration/decisions.py)."""
    outcome = (decisions or {}).get("outcome")
    if outcome == "changed" and changes:
        return _("Recomputed with the new decision table.")
    if outcome == "changed" and decisions.get("kept"):
        outcome = "later"   # the case's data follows the table; a later step's deadline stays
    element = names.get(decisions.get("element", ""), decisions.get("element", "")) \
        if decisions else ""
    texts = {
        "later": _("A later step (a transfer or an extension) set this deadline: it is kept."),
        "side_effects": _("The deadline is computed by the script “%(element)s” from the decision "
                          "table; that script also sends notices or records something, so it is "
                          "not run again and recomputing does not look the table up again: the "
                          "deadline stays %(due)s.", element=element,
                          due=roc_date(due) if due is not None else ""),
        "steers": _("The new decision table would route this case differently: its deadline is "
                    "not recomputed (transfer the case if it should go elsewhere)."),
        "failed": _("The new decision table cannot be applied to this case: its deadline stays."),
    }
    return texts.get(outcome)


def _late(row) -> bool:
    """Waiting for a scheduler longer than one would take to pick it up."""
    if row.state not in migration_jobs.WAITING:
        return False
    last = runs.last_activity(db(), row.id)
    latest = max(t for t in (as_utc(row.created_at), last) if t is not None)
    return clock().now() - latest > migration_jobs.LEASE


@bp.route("/<key>/versions/<int:number>/migrate/run", methods=["POST"])
@access.roles_required(*RUNNERS)
def migrate_run(key, number):
    _target(key, number)
    source = request.form.get("from", "")
    shown, _names = _outline(plans.MigrationPlan(key, number, int(source) if source.isdigit() else None))
    plan = _plan_from(request.form, key, number, shown)
    return _request(plan, jobs.request_run)


def _run_row(key, run_id):
    row = runs.run_row(db(), run_id)
    if row is None or row.process_key != key:
        abort(404)
    return row


@bp.route("/<key>/migrations/<int:run_id>")
@access.roles_required(*RUNNERS)
def migration(key, run_id):
    row = _run_row(key, run_id)
    plan = plans.MigrationPlan.from_json(row.plan)
    if jobs.is_dry(row.state):
        return _dry_run_page(key, row, plan)
    progress = runs.progress_of(db(), run_id)
    _shown, names = _outline(plan)
    results = [_result_row(r, names) for r in runs.results(db(), run_id)[:SHOWN]]
    waiting = progress["state"] == migration_jobs.REQUESTED
    working = progress["state"] == migration_jobs.RUNNING and _working(run_id)
    return render_template("versions/migration.html", key=key, run=row, plan=plan,
                           progress=progress, results=results, working=working, names=names,
                           openable=_openable(results),
                           waiting=waiting, late=_late(row))


def _openable(rows) -> set:
    """The rows' case numbers the viewer may open: only those are links (a
    case that never passed through the analyst's agency would answer 找不到)."""
    with db().connect() as conn:
        return {r.number for r in queries.visible_numbers(
            conn, access.viewer(), [r["number"] for r in rows])}


def _working(run_id: int) -> bool:
    """A scheduler holds the run's lease, or some process (the command line)
    did one of its cases moments ago."""
    with db().connect() as conn:
        if migration_jobs.holder(conn, run_id, clock().now()) is not None:
            return True
    last = runs.last_activity(db(), run_id)
    return last is not None and (clock().now() - last).total_seconds() < ACTIVE_SECONDS


def _params(text):
    return json.loads(text) if text else {}


def _result_row(r, names) -> dict:
    """A case of a run; a moved one with its deadline before and after."""
    params = _params(r.reason_params)
    due = params.get("deadline") or {} if r.state == "moved" else {}
    return {"number": r.number, "state": r.state,
            "reason": reason_text(r.reason_code, params, names) if r.state == "refused" else None,
            "due_before": _instant(due.get("from")), "due_after": _instant(due.get("to"))}


def _instant(text):
    return parse_iso(text) if text else None


@bp.route("/<key>/migrations/<int:run_id>/resume", methods=["POST"])
@access.roles_required(*RUNNERS)
def migration_resume(key, run_id):
    _run_row(key, run_id)
    jobs.request_resume(runtime(), run_id)
    return redirect(url_for("migrations.migration", key=key, run_id=run_id))
