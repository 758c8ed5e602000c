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
from engine.data.errors import Conflict, EngineError, ModelRefused

from .. import access
from ..api.errors import json_error
from ..extensions import clock, db

bp = Blueprint("models", __name__, url_prefix="/models")
EDITORS = ("analyst", "admin")
MAX_JSON_BYTES = drafts.MAX_FILES * drafts.MAX_FILE_BYTES // 3  # a whole model, as JSON
MAX_UPLOAD_BYTES = 4 * drafts.MAX_FILE_BYTES


def wants_json() -> bool:
    """The editor's JSON endpoints answer errors in JSON (webapp._error_response)."""
    return request.path.startswith("/models/") and request.path.endswith(("/draft", "/deploy"))


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
    if draft is None and latest is None:
        abort(404)
    return render_template("models/edit.html", key=key, draft=draft, latest=latest)


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
    if draft is None:
        return jsonify(key=key, saved=False, files=deployed[1], base_version=latest,
                       latest_version=latest)
    return jsonify(key=key, saved=True, files=draft["files"], base_version=draft["base_version"],
                   latest_version=latest, name=draft["name"], updated_by=draft["updated_by"],
                   updated_at=draft["updated_at"].isoformat())


@bp.route("/<key>/draft", methods=["PUT"])
@access.roles_required(*EDITORS)
def draft_put(key):
    body = _json_body()
    files = drafts.clean_files(body.get("files"))
    name = body.get("name") if isinstance(body.get("name"), str) else ""
    with db().begin() as conn:
        if drafts.get(conn, key) is None and drafts.latest_version(conn, key) is None:
            return json_error(404, f"no model '{key}': upload it first")
        saved = drafts.save(conn, key, files, access.actor().username, clock().now(), name)
        problems = drafts.check(files, definitions.known_lanes(conn), key)
    return jsonify(saved=True, problems=problems, base_version=saved["base_version"],
                   updated_at=saved["updated_at"].isoformat())


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
