"""Starting any case from the web: `/cases/new` lists the processes the
signed-in user may start (their models' `<civicflow:start>`), and
`/cases/new/<process>` shows the model's start form and starts the case(s)
through the engine in one transaction, then shows the receipt.

The counter's petition keeps its own page (intake.new: the petitioner's
identity, the time received, the read-back), offered here as one choice.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from engine.cases import queries
from engine.cases.actors import can_work
from engine.cases.starting import start_filled
from engine.data.errors import EngineError, InvalidData, NotFound

from .. import access, agency_groups, labels, petitions, request_cache, resource_fields, startform
from ..extensions import db, runtime
from ..i18n import current_locale

bp = Blueprint("start", __name__, url_prefix="/cases/new")
COUNTER = ("intake", "admin")   # who registers petitions at intake.new


@bp.app_context_processor
def _navigation():
    return {"may_start_cases": may_start_cases}


def may_start_cases() -> bool:
    """Does the signed-in user start any kind of case (the navigation's 開案)?"""
    if not current_user.is_authenticated:
        return False
    if "may_start_cases" not in g:
        with db().connect() as conn:
            g.may_start_cases = current_user.has_role(*COUNTER) or any(
                _may_start(d.meta.start) for d in _definitions(conn))
    return g.may_start_cases


@bp.route("")
@login_required
def choose():
    with db().connect() as conn:
        choices = [_choice(d) for d in _definitions(conn) if _may_start(d.meta.start)]
    if current_user.has_role(*COUNTER):
        choices.insert(0, {"name": _("Petition (counter, phone, letter)"),
                           "hint": _("Register a petition received at the counter, by phone or by letter."),
                           "url": url_for("intake.new")})
    return render_template("start/choose.html", choices=choices)


@bp.route("/<process_key>", methods=["GET", "POST"])
@login_required
def form(process_key):
    if process_key == petitions.PROCESS and current_user.has_role(*COUNTER):
        return redirect(url_for("intake.new"))
    defn = _startable(process_key)
    sf = startform.StartForm(defn.meta.start, _fields(defn),
                             startform.rows_wanted(defn.meta.start, request.form))
    errors = {}
    if request.method == "POST" and "add_row" not in request.form:
        result = _submit(defn, sf)
        if not isinstance(result, dict):
            return result
        errors = result
    # What was typed wins; a row just added shows the model's defaults.
    values = CombinedMultiDict([request.form, MultiDict(sf.defaults())])
    with db().connect() as conn:
        agencies = _agencies(conn, defn.meta.start)
    return render_template("start/form.html", sf=sf, process=_choice(defn), values=values,
                           errors=errors, agencies=agencies,
                           key=process_key), (422 if errors else 200)


def _submit(defn, sf):
    """Start the cases; return field errors, or a redirect to the receipt."""
    cases = startform.read(sf, request.form)
    with db().connect() as conn:
        errors = startform.check(sf, cases, {a.code for a in _agencies(conn, defn.meta.start)})
    if errors:
        flash(_("Please correct the marked fields."), "error")
        return errors
    todo, password = startform.starts(sf, cases, _choice(defn)["name"])
    try:
        started = start_filled(runtime(), defn.key, todo, actor=access.actor())
    except InvalidData as exc:
        flash(_("Please correct the marked fields."), "error")
        return dict(exc.errors)
    except EngineError:
        flash(_("The case could not be started. Please try again."), "error")
        return redirect(url_for("start.form", process_key=defn.key))
    session["start_receipt"] = {"process": defn.key, "password": password,
                                "numbers": [s["number"] for s in started]}
    return redirect(url_for("start.receipt", process_key=defn.key))


@bp.route("/<process_key>/receipt")
@login_required
def receipt(process_key):
    data = session.pop("start_receipt", None)
    if not data or data["process"] != process_key:
        return redirect(url_for("start.form", process_key=process_key))
    defn = _startable(process_key)
    with db().connect() as conn:
        names = labels.agency_names(conn)
        cases = [_started(conn, c, names) for c in
                 (queries.visible_case(conn, access.viewer(), number=n) for n in data["numbers"])
                 if c is not None]
    return render_template("start/receipt.html", process=_choice(defn), data=data,
                           cases=cases, key=process_key)


def _started(conn, c, names: dict) -> dict:
    """A started case as the receipt lists it: who has it now and its next steps."""
    en = current_locale().startswith("en")
    agency = names.get(c.responsible_agency) or names.get(_holder(conn, c.id)) or ("", "")
    return {"number": c.number, "title": c.title, "steps": _next_steps(conn, c),
            "agency_name": (agency[1] or agency[0]) if en else (agency[0] or agency[1])}


def _next_steps(conn, c) -> list[dict]:
    """The open steps by name (one per office reads once, with how many),
    linked when the starter does them next (answering a consultation)."""
    groups = {}
    for t in queries.case_tasks(conn, c.id):
        if t.state == "ready":
            groups.setdefault(labels.task_name(t, c.definition_id), []).append(t)
    out, me = [], access.actor()
    for name, tasks in groups.items():
        mine = can_work(me, tasks[0].candidate_agency, tasks[0].candidate_role)
        url = (url_for("inbox.task_page", task_id=tasks[0].id) if len(tasks) == 1
               else url_for("inbox.index")) if mine else None
        out.append({"name": name if len(tasks) == 1 else f"{name}（{len(tasks)}）", "url": url})
    return out


def _holder(conn, case_id):
    """The agency of the first open task, for a case with no responsible agency yet."""
    ready = [t for t in queries.case_tasks(conn, case_id) if t.state == "ready"]
    return ready[0].candidate_agency if ready else None


def _agencies(conn, declared) -> list:
    """The agencies the form offers, grouped as every agency list: active
    ones, of the declared kinds if any."""
    return agency_groups.choices(conn, kinds=declared.agency_kinds)


def _definitions(conn):
    specs = runtime().specs
    return [specs.get(conn, p.id) for p in request_cache.latest_processes(conn)]


def _startable(process_key):
    """The latest version of a process the user may start (404 / 403 otherwise)."""
    try:
        with db().connect() as conn:
            defn = runtime().specs.get(conn, runtime().specs.latest_id(conn, process_key))
    except NotFound:
        abort(404)
    if defn.meta.start is None:
        abort(404)
    if not _may_start(defn.meta.start):
        abort(403)
    return defn


def _may_start(declared) -> bool:
    return declared is not None and declared.allows(current_user.agency, current_user.roles)


def _fields(defn) -> list:
    meta = defn.tasks.get(defn.meta.start.task)
    if meta is None:
        return []
    with db().connect() as conn:   # a room or car field offers the active ones
        return resource_fields.with_choices(conn, meta.fields)


def _choice(defn) -> dict:
    """The process by its name in the viewer's language, never its key."""
    s, en = defn.meta.start, current_locale().startswith("en")
    name = (s.name_en or s.name_zh) if en else (s.name_zh or s.name_en)
    hint = (s.hint_en or s.hint_zh) if en else (s.hint_zh or s.hint_en)
    return {"name": name or defn.meta.name, "hint": hint, "key": defn.key,
            "url": url_for("start.form", process_key=defn.key),
            "each": (s.each_label_en or s.each_label_zh) if en else (s.each_label_zh or s.each_label_en)}
