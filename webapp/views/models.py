"""The analysts' model pages: the list of process models, uploading a new
one, the BPMN/DMN editor, and its JSON endpoints (draft, deploy).

The JSON endpoints take the CSRF token in the X-CSRFToken header (the editor
reads it from the page's meta tag) and answer every error as JSON."""
from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from engine.models import definitions
from engine.authoring import drafts
from engine.cases import queries
from engine.data.errors import Conflict, EngineError, InvalidData, ModelRefused

from .. import access
from ..api.errors import json_error
from ..extensions import clock, db
from ..people import person_name
from .admin.actions import actor_name

bp = Blueprint("models", __name__, url_prefix="/models")
EDITORS = ("analyst", "admin")
MAX_JSON_BYTES = drafts.MAX_FILES * drafts.MAX_FILE_BYTES // 3  # a whole model, as JSON
MAX_UPLOAD_BYTES = 4 * drafts.MAX_FILE_BYTES


def wants_json() -> bool:
    """The editor's JSON endpoints answer errors in JSON (webapp._error_response)."""
    return request.path.startswith("/models/") and request.path.endswith(("/draft", "/deploy", "/check"))


@bp.errorhandler(EngineError)
def _engine_error(err: EngineError):
    extra = {"problems": err.problems} if isinstance(err, ModelRefused) else {}
    if getattr(err, "errors", None):
        extra["fields"] = err.errors
    if not wants_json():  # the upload form: the list again, with the reason
        return _index_page(error=err.message, problems=extra.get("problems", [])), err.status
    return json_error(err.status, err.message, **extra, **_conflict_detail(err))


def _conflict_detail(err) -> dict:
    return {k: err.detail[k] for k in ("latest", "base") if k in err.detail}


# ---- pages -------------------------------------------------------------------
@bp.route("/")
@access.roles_required(*EDITORS)
def index():
    return _index_page()


def _index_page(error: str = "", problems=()):
    with db().connect() as conn:
        models = drafts.models(conn)
    return render_template("models/index.html", models=models, error=error, problems=problems,
                           actor_name=actor_name,
                           max_mb=drafts.MAX_FILE_BYTES // (1024 * 1024))


@bp.route("/upload", methods=["POST"])
@access.roles_required(*EDITORS)
def upload():
    if (request.content_length or 0) > MAX_UPLOAD_BYTES:
        abort(413)
    sent = {f.filename: f.read(drafts.MAX_FILE_BYTES + 1)
            for f in request.files.getlist("files") if f and f.filename}
    files = drafts.clean_files(sent)
    key = drafts.process_key(files)
    with db().begin() as conn:
        if drafts.get(conn, key):
            raise Conflict(_("A draft of %(key)s is already open: edit or discard it first.", key=key))
        drafts.save(conn, key, files, access.actor().username, clock().now(),
                    name=request.form.get("name", ""))
    flash(_("Draft %(key)s created from the uploaded files.", key=key), "success")
    return redirect(url_for("models.edit", key=key))


@bp.route("/<key>/edit")
@access.roles_required(*EDITORS)
def edit(key):
    with db().connect() as conn:
        draft = drafts.get(conn, key)
        latest = drafts.latest_version(conn, key)
        process = next((p for p in queries.processes(conn) if p.key == key), None)
    if draft is None and latest is None:
        abort(404)
    return render_template("models/edit.html", key=key, draft=draft, latest=latest,
                           process=process)


# ---- JSON --------------------------------------------------------------------
@bp.route("/<key>/draft", methods=["GET"])
@access.roles_required(*EDITORS)
def draft_get(key):
    with db().connect() as conn:
        draft = drafts.get(conn, key)
        deployed = drafts.deployed_files(conn, key)
    if draft is None and deployed is None:
        return json_error(404, f"no model '{key}'")
    latest = deployed[0] if deployed else None
    files = draft["files"] if draft else deployed[1]
    # the process's own file first; the verdict at once (an imported model is checked on opening)
    found = {"key": key, "files": files, "main": drafts.file_of(files, key),
             "latest_version": latest, "review": _review(files, key)}
    if draft is None:
        return jsonify(saved=False, base_version=latest, **found)
    return jsonify(saved=True, base_version=draft["base_version"], name=draft["name"],
                   updated_by=draft["updated_by"], updated_by_name=person_name(draft["updated_by"]),
                   updated_at=draft["updated_at"].isoformat(), **found)


def _review(files: dict, key: str) -> dict:
    with db().connect() as conn:
        lanes = definitions.known_lanes(conn)
    return drafts.review({n: x.encode("utf-8") for n, x in files.items()}, lanes, key)


def _current_files(conn, key: str) -> dict[str, str] | None:
    """The files a partial save or check starts from: the draft's, else the deployed ones."""
    draft = drafts.get(conn, key)
    if draft is not None:
        return draft["files"]
    deployed = drafts.deployed_files(conn, key)
    return deployed[1] if deployed else None


def _sent_files(conn, key: str, body: dict) -> dict[str, bytes] | None:
    """`files`: the whole model; `changed`: only the files the analyst changed,
    the others kept byte for byte. None when there is no such model."""
    current = _current_files(conn, key)
    if current is None:
        return None
    if "changed" in body and "files" not in body:
        changed = body["changed"]
        if not isinstance(changed, dict):
            raise InvalidData("changed must map file names to XML", {"changed": "not an object"})
        return drafts.clean_files(drafts.merged(current, changed))
    return drafts.clean_files(body.get("files"))


@bp.route("/<key>/check", methods=["POST"])
@access.roles_required(*EDITORS)
def check(key):
    """The verdict on the model with the analyst's unsaved files, nothing stored."""
    body = _json_body()
    with db().connect() as conn:
        files = _sent_files(conn, key, body)
        lanes = definitions.known_lanes(conn)
    if files is None:
        return json_error(404, f"no model '{key}'")
    return jsonify(drafts.review(files, lanes, key))


@bp.route("/<key>/draft", methods=["PUT"])
@access.roles_required(*EDITORS)
def draft_put(key):
    body = _json_body()
    name = body.get("name") if isinstance(body.get("name"), str) else ""
    with db().begin() as conn:
        files = _sent_files(conn, key, body)
        if files is None:
            return json_error(404, f"no model '{key}': upload it first")
        saved = drafts.save(conn, key, files, access.actor().username, clock().now(), name)
        review = drafts.review(files, definitions.known_lanes(conn), key)
    return jsonify(saved=True, problems=review["problems"], review=review,
                   base_version=saved["base_version"], updated_at=saved["updated_at"].isoformat())


@bp.route("/<key>/draft", methods=["DELETE"])
@access.roles_required(*EDITORS)
def draft_delete(key):
    with db().begin() as conn:
        return jsonify(discarded=drafts.discard(conn, key))


@bp.route("/<key>/deploy", methods=["POST"])
@access.roles_required(*EDITORS)
def deploy(key):
    body = _json_body()
    comment = body.get("comment")
    if not isinstance(comment, str) or not comment.strip() or len(comment) > 2000:
        return json_error(400, "a comment of at most 2000 characters is required")
    with db().begin() as conn:
        done = drafts.deploy(conn, key, access.actor().username, clock().now(),
                             comment.strip(), force=body.get("force") is True)
    return jsonify(deployed=[{"key": d.key, "version": d.version, "created": d.created}
                             for d in done])


def _json_body() -> dict:
    if (request.content_length or 0) > MAX_JSON_BYTES:
        abort(413)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, "a JSON object is expected")
    return body
