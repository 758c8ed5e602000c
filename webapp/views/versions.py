"""A model's version history, the diff between two versions, and the
test-run of a draft (or any version) with sample data."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from engine.authoring import diff as modeldiff, drafts, names as modelnames, testrun
from engine.models import versions as modelversions
from engine.time.clock import TAIPEI
from engine.authoring.parsed import parse_files
from engine.authoring import sample_forms
from engine.authoring.sample import samples as sample_json
from engine.authoring.sample_forms import SampleForms
from engine.cases.migration import run as migration_runs
from engine.models.xmlsafe import XmlRefused

from .. import access, agency_groups, diagram_names, sample_path, sample_sheet
from .admin.actions import actor_name, notice_kind
from ..datetime_fields import datetime_input
from ..extensions import clock, db
from ..i18n import current_locale
from ..json_words import json_error
from ..labels import agency_names, name_in_language
from ..roc_dates import NotADate, parse_roc_datetime

bp = Blueprint("versions", __name__, url_prefix="/models")
READERS = ("analyst", "admin", "supervisor")   # supervisors read the history, never run
RUNNERS = ("analyst", "admin")
MAX_JSON = 256 * 1024


@bp.route("/<key>/versions")
@access.roles_required(*READERS)
def history(key):
    with db().connect() as conn:
        rows = modelversions.versions(conn, key)
        drafted = modelversions.draft(conn, key)
    if not rows:
        abort(404)
    older_open = {r["version"]: sum(o["open_cases"] for o in rows if o["version"] < r["version"])
                  for r in rows}
    return render_template("versions/list.html", key=key, rows=rows, draft=drafted,
                           can_run=current_user.has_role(*RUNNERS), older_open=older_open,
                           migrations=migration_runs.runs(db(), key), actor_name=actor_name)


@bp.route("/<key>/versions/<int:number>/diagram.bpmn")
@access.roles_required(*READERS)
def diagram(key, number):
    with db().connect() as conn:
        row = modelversions.version(conn, key, number)
    if row is None:
        abort(404)
    return _bpmn(modelversions.files_of(row), key)


def _bpmn(files: dict, key: str) -> Response:
    xml = modelversions.process_file(files, key)
    if xml is None:
        abort(404)
    # Labels in the viewer's language only, as on the case page's diagram.
    return Response(diagram_names.in_language(xml, current_locale()), mimetype="application/xml")


@bp.route("/<key>/versions/draft/diagram.bpmn")
@access.roles_required(*READERS)
def draft_diagram(key):
    with db().connect() as conn:
        drafted = modelversions.draft(conn, key)
    if drafted is None:
        abort(404)
    return _bpmn(drafted["files"], key)


@bp.route("/<key>/diff")
@access.roles_required(*READERS)
def diff(key):
    """`?from=N&to=M` (either may be `draft`); without both, the draft against
    the version it started from, else the latest version against the one before."""
    with db().connect() as conn:
        drafted = modelversions.draft(conn, key)
        latest = drafts.latest_version(conn, key)
        a, b = _pair(drafted, latest)
        old, new = _side(conn, key, a, drafted), _side(conn, key, b, drafted)
        agencies = agency_names(conn)   # a rule row's agency codes said as names
    if old is None or new is None:
        abort(404)
    # Each file parsed once: the changes, the text diff and the names read the same trees.
    old_files, new_files = parse_files(old["files"]), parse_files(new["files"])
    result = modeldiff.compare(old_files, new_files, agencies)
    old_names, new_names = modelnames.of(old_files), modelnames.of(new_files)
    return render_template("versions/diff.html", key=key, old=old, new=new, d=result,
                           names={**old_names, **new_names}, old_names=old_names,
                           actor_name=actor_name)


def _pair(drafted, latest) -> tuple:
    if "from" not in request.args and "to" not in request.args:
        if drafted and (drafted["base_version"] or latest):
            return drafted["base_version"] or latest, "draft"
        if latest is None:
            abort(404)
        return max(latest - 1, 1), latest
    return _version_arg("from"), _version_arg("to")


def _version_arg(name: str):
    raw = request.args.get(name, "")
    if raw == "draft":
        return raw
    if not raw.isdigit() or not 0 < int(raw) < 1_000_000:
        abort(400)
    return int(raw)


def _side(conn, key: str, which, drafted) -> dict | None:
    """One side of a comparison: a version or the draft, as the page shows it."""
    if which == "draft":
        if drafted is None:
            return None
        return {"version": None, "label": _("Draft"), "by": drafted["updated_by"],
                "at": drafted["updated_at"], "comment": drafted["name"], "files": drafted["files"],
                "diagram": url_for("versions.draft_diagram", key=key)}
    row = modelversions.version(conn, key, which)
    if row is None:
        return None
    return {"version": row.version, "label": _("Version %(n)s", n=row.version), "by": row.deployed_by,
            "at": row.deployed_at, "comment": row.comment, "files": modelversions.files_of(row),
            "diagram": url_for("versions.diagram", key=key, number=row.version)}


# ---- test-run ---------------------------------------------------------------
@bp.route("/<key>/test-run/diagram.bpmn")
@access.roles_required(*RUNNERS)
def run_diagram(key):
    with db().connect() as conn:
        sources = _sources(conn, key)
        files, _label = _source(conn, key, request.args.get("source", ""), sources)
    return _bpmn(files, key)


def _sources(conn, key: str) -> tuple[dict | None, list]:
    """The draft (or None) and the deployed versions, newest first: read once per request."""
    return modelversions.draft(conn, key), modelversions.versions(conn, key)


def _source(conn, key: str, choice: str, sources) -> tuple[dict, str]:
    """The files to run: 'draft', a version number, or '' (the draft if any,
    else the latest version). 404 when there is no such source."""
    drafted, rows = sources
    if choice in ("", "draft") and drafted:
        return drafted["files"], "draft"
    if choice == "" and rows:
        choice = str(rows[0]["version"])
    row = modelversions.version(conn, key, int(choice)) if choice.isdigit() else None
    if row is None:
        abort(404)
    return modelversions.files_of(row), choice


@bp.route("/<key>/test-run", methods=["GET", "POST"])
@access.roles_required(*RUNNERS)
def test_run(key):
    form = request.form if request.method == "POST" else request.args
    with db().connect() as conn:
        sources = _sources(conn, key)
        files, source = _source(conn, key, form.get("source", ""), sources)
        page = {"key": key, "options": _source_options(sources), "agencies": agency_groups.choices(conn)}
        ref = {"agencies": modelversions.agency_rows(conn),
               "overrides": modelversions.override_rows(conn),
               "resources": modelversions.resource_rows(conn)}
    model = _sample_forms(files, key)
    if request.method == "GET":
        values = _defaults(model, source, ref["resources"])
        sheet = sample_sheet.sheet(model, {}, ref["resources"])
        return _run_page(page, values, sheet, sample_sheet.samples(sheet, _day(None)))
    return _posted_run(page, files, model, ref, _posted(form, source))


def _posted(form, source: str) -> dict:
    values = {k: form.get(k, "") for k in ("received_at", "start_data", "task_data")}
    values.update(source=source, advance_timers=bool(form.get("advance_timers")),
                  use_json=bool(form.get("use_json")))
    return values


def _posted_run(page: dict, files, model: SampleForms, ref: dict, values: dict):
    """Run what was posted; the page again with the errors beside their
    fields (400), or with one round more or fewer for a step (no run)."""
    form = request.form
    sheet = sample_sheet.sheet(model, sample_sheet.rounds_asked(model, form), ref["resources"])
    shown = sample_sheet.reshown(sheet, form, _day(values["received_at"]))
    if "add_round" in form or "drop_round" in form:
        return _run_page(page, values, sheet, shown)
    try:
        plan = _plan(files, page["key"], values, ref, _sample_data(values, sheet, form, ref))
    except Refused as err:
        return _run_page(page, values, sheet, shown, errors=err.errors,
                         error=_("Please correct the marked fields.")), 400
    except ValueError as err:
        return _run_page(page, values, sheet, shown, error=str(err)), 400
    result = testrun.run(plan)
    return _run_page(page, values, sheet, shown, result=result, names=modelnames.of(files),
                     worded=_worded(sheet, result))


def _worded(sheet, result) -> dict:
    """{step number: [(label, value in words)]} of the steps completed with data."""
    fields = sample_path.step_fields(sheet)
    return {s.n: sample_path.worded(fields.get(s.element_id, []), s.form)
            for s in result.steps if s.form}


def _source_options(sources) -> list[tuple[str, str]]:
    drafted, rows = sources
    out = [("draft", _("Current draft"))] if drafted else []
    out += [(str(r["version"]), _("Version %(n)s", n=r["version"])) for r in rows]
    if not out:
        abort(404)
    return out


def _sample_forms(files, key) -> SampleForms:
    try:
        return sample_forms.read(files, key)
    except XmlRefused:   # the run says what is wrong with the file
        return SampleForms()


def _defaults(model: SampleForms, source, resources) -> dict:
    now = clock().now().astimezone(TAIPEI).replace(second=0, microsecond=0)
    start, tasks = sample_json(model, now.date().isoformat(), resources)
    return {"source": source, "received_at": datetime_input(now), "start_data": _pretty(start),
            "task_data": _pretty(tasks), "advance_timers": False, "use_json": False}


def _day(received: str | None) -> str:
    """The day the samples are dated: the day received, else today (Taipei)."""
    try:
        return parse_roc_datetime(received or "").astimezone(TAIPEI).date().isoformat()
    except NotADate:
        return clock().now().astimezone(TAIPEI).date().isoformat()


@bp.app_template_filter("versions_json")
def _pretty(value, indent: int = 2) -> str:
    """JSON that keeps Chinese readable (tojson escapes it)."""
    return json.dumps(value, ensure_ascii=False, indent=indent or None, default=str)


def _sample_data(values, sheet, form, ref) -> tuple[dict, dict, dict]:
    """(start data, task data, errors by field): from the JSON boxes when
    以 JSON 執行 is ticked (ValueError when they are no JSON objects), else
    from the fields."""
    if values["use_json"]:
        return (_json_object(values["start_data"], _("Sample start data")),
                _json_object(values["task_data"], _("Sample task data")), {})
    codes = {a["code"] for a in ref["agencies"]}
    return sample_sheet.read(sheet, form, codes, _day(values["received_at"]))


def _plan(files, key, values, ref, data: tuple[dict, dict, dict]) -> testrun.Plan:
    """Raises Refused with every input said wrong beside its field."""
    start, tasks, errors = data
    try:   # typed as every other date and time is: 115/03/02 09:00 (ISO too)
        received = parse_roc_datetime(values["received_at"])
    except NotADate:
        errors = {**errors, "received_at": _("Give the date and time received, e.g. 115/03/02 08:45.")}
    if errors:
        raise Refused(errors)
    encoded = {n: x.encode("utf-8") for n, x in files.items()}
    return testrun.Plan(encoded, key, received, start, tasks, values["advance_timers"],
                        ref["agencies"], ref["overrides"], resources=ref["resources"])


def _json_object(text: str, what: str) -> dict:
    if len(text.encode("utf-8")) > MAX_JSON:
        raise ValueError(_("%(what)s is too large.", what=what))
    try:
        value = json.loads(text or "{}")
    except json.JSONDecodeError as err:
        raise ValueError(_("%(what)s is not valid JSON: %(error)s", what=what, error=json_error(err))) \
            from None
    if not isinstance(value, dict):
        raise ValueError(_("%(what)s must be a JSON object.", what=what))
    return value


class Refused(ValueError):
    """Inputs said wrong beside their fields: {input name: message}."""

    def __init__(self, errors: dict):
        super().__init__("refused")
        self.errors = errors


def _run_page(page: dict, values, sheet, shown, error=None, result=None, errors=None, names=None,
              worded=None):
    errors = errors or {}
    opened = sample_sheet.opened(sheet, errors, request.form, shown, _day(values["received_at"]))
    return render_template("versions/testrun.html", **page, values=values, sheet=sheet,
                           shown=shown, opened=opened, worded=worded or {},
                           error=error, result=result, errors=errors, names=names or {},
                           boxes=sample_sheet.BOXES, max_rounds=sample_sheet.MAX_ROUNDS,
                           notice_kind=notice_kind)


@bp.app_template_global("field_words")
def _field_words(names: dict, element_id, field: str) -> str:
    """A form field's label in the viewer's language where the model gives one,
    else "" (the page shows the field's code beside it, once)."""
    label = modelnames.field_label(names, element_id, field)
    return (label and name_in_language(label)) or ""

