"""Processes: list the deployed ones, deploy new versions."""
from __future__ import annotations

from flask import g, jsonify, request

from engine.cases import queries

from .. import access
from ..extensions import db, runtime
from . import bp
from .errors import ApiError
from .shapes import iso

DEPLOYERS = ("admin", "analyst")
MAX_FILES = 20


@bp.get("/processes")
def list_processes():
    with db().connect() as conn:
        rows = queries.processes(conn)
    return jsonify({"processes": [{"key": r.key, "version": r.version, "name": r.name,
                                   "deployed_at": iso(r.deployed_at)} for r in rows]})


def _files() -> dict[str, bytes]:
    if request.files:
        return {f.filename: f.read() for f in request.files.getlist("files")}
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("files"), dict):
        raise ApiError(400, "send multipart 'files' or JSON {\"files\": {name: xml}}")
    if not all(isinstance(v, str) for v in body["files"].values()):
        raise ApiError(400, "each file must be XML text")
    return {name: text.encode("utf-8") for name, text in body["files"].items()}


@bp.post("/processes")
def deploy():
    if not g.api_user.has_role(*DEPLOYERS):
        raise ApiError(403, "deploying needs the analyst or admin role")
    files = _files()
    if not files or len(files) > MAX_FILES:
        raise ApiError(400, f"send 1 to {MAX_FILES} files")
    bad = [n for n in files if not n.lower().endswith((".bpmn", ".dmn", ".xml"))]
    if bad:
        raise ApiError(422, "only .bpmn and .dmn files", fields={n: "not BPMN/DMN" for n in bad})
    deployed = runtime().deploy(files, access.actor(), comment=str(request.args.get("comment", ""))[:500])
    created = any(d.created for d in deployed)
    body = {"deployed": [{"id": d.id, "key": d.key, "version": d.version, "created": d.created}
                         for d in deployed]}
    return jsonify(body), (201 if created else 200)
