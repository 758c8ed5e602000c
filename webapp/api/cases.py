"""POST /api/v1/cases and GET /api/v1/cases/{id}."""
from __future__ import annotations

from datetime import datetime

from flask import g, jsonify, request, url_for

from engine.cases import queries

from .. import access, petitions
from ..extensions import db, runtime
from . import bp
from .errors import ApiError
from .shapes import case_json, task_json

STARTERS = ("intake", "admin")


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


def _received_at(text):
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(str(text))
    except ValueError:
        raise ApiError(422, "received_at must be ISO 8601", fields={"received_at": "not ISO 8601"}) from None
    if value.tzinfo is None:
        raise ApiError(422, "received_at needs an offset", fields={"received_at": "no offset"})
    return value


@bp.post("/cases")
def create_case():
    if not g.api_user.has_role(*STARTERS):
        raise ApiError(403, "starting cases needs the intake role")
    body = _body()
    process = body.get("process")
    if not isinstance(process, str) or not process:
        raise ApiError(422, "process is required", fields={"process": "required"})
    data = body.get("data") or {}
    person = body.get("petitioner") if isinstance(body.get("petitioner"), dict) else {}
    receipt = petitions.start(runtime(), data, actor=access.actor(), process_key=process,
                              received_at=_received_at(body.get("received_at")), person=person)
    response = jsonify({"id": receipt.case_id, "number": receipt.number,
                        "status_password": receipt.password})
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_case", case_ref=receipt.number)
    return response


@bp.get("/cases/<case_ref>")
def get_case(case_ref):
    """By id or by case number; 404 for a case the caller may not see."""
    viewer = access.viewer()
    key = {"case_id": int(case_ref)} if case_ref.isdigit() else {"number": case_ref}
    with db().connect() as conn:
        c = queries.visible_case(conn, viewer, **key)
        if c is None:
            raise ApiError(404, "no such case")
        out = case_json(c)
        out["tasks"] = [task_json(t) for t in queries.case_tasks(conn, c.id)]
        out["petitioner"] = _petitioner(conn, viewer, c)
    return jsonify(out)


def _petitioner(conn, viewer, c):
    p = queries.petitioner_of(conn, c.id)
    if p is None:
        return None
    if not queries.sees_identity(conn, viewer, c):
        return {"confidential": True}
    return {"name": p.name, "email": p.email, "phone": p.phone, "address": p.address}
