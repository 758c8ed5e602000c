"""POST /api/v1/cases and GET /api/v1/cases/{id}."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import g, jsonify, request, url_for
from sqlalchemy import bindparam, select

from engine.cases import queries
from engine.cases.starting import start_filled
from engine.data.masking import Identity
from engine.data.schema import process_definition as pd
from engine.time.deadlines import FIRST_DAY, day_start

from .. import access, petitions, startform
from ..extensions import clock, runtime
from . import bp
from .errors import ApiError
from .reads import reads
from .shapes import case_json, task_json

STARTERS = ("intake", "admin")
LEEWAY = timedelta(hours=1)   # a client's clock a little ahead of ours


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
    if not day_start(FIRST_DAY) <= value <= clock().now() + LEEWAY:
        raise ApiError(422, "received_at must be after 1912-01-01 (ROC year 1) and not in the future",
                       fields={"received_at": "out of range"})
    return value


def _start(process: str, data, person: dict, received_at) -> dict:
    """Start the case with `data` checked against the model's start form: the
    declared `<civicflow:start>` form, else (the petition) its registration form."""
    rt = runtime()
    with reads() as conn:
        defn = rt.specs.get(conn, rt.specs.latest_id(conn, process))
        if defn.meta.start is None:   # the latest model's registration form, as parsed
            register = defn.tasks.get(petitions.REGISTER)
            clean = petitions.validate_registration(conn, register.fields if register else [], data)
    if defn.meta.start is None:
        receipt = petitions.start(rt, clean, actor=access.actor(), process_key=process,
                                  received_at=received_at, person=person)
        return {"id": receipt.case_id, "number": receipt.number, "status_password": receipt.password}
    sf = startform.StartForm(defn.meta.start, _start_fields(defn))
    todo, password = startform.starts(sf, [data], defn.meta.start.name_en or defn.key)
    started = start_filled(rt, defn.key, todo, actor=access.actor(), received_at=received_at)[0]
    return {"id": started["id"], "number": started["number"], "status_password": password}


def _start_fields(defn) -> list:
    meta = defn.tasks.get(defn.meta.start.task)
    return meta.fields if meta else []


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
    started = _start(process, data, person, _received_at(body.get("received_at")))
    response = jsonify(started)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_case", case_ref=started["number"])
    return response


def _an_id(case_ref: str) -> bool:
    """ASCII digits a 64-bit id can hold (isdigit() also takes '¹' and '٣')."""
    return case_ref.isascii() and case_ref.isdigit() and len(case_ref) <= 18


@bp.get("/cases/<case_ref>")
def get_case(case_ref):
    """By id or by case number; 404 for a case the caller may not see."""
    viewer = access.viewer()
    key = {"case_id": int(case_ref)} if _an_id(case_ref) else {"number": case_ref}
    with reads() as conn:
        c = queries.visible_case(conn, viewer, **key)
        if c is None:
            raise ApiError(404, "no such case")
        out, metas = case_json(c), queries.task_metas(conn, c.definition_id)
        out["tasks"] = [task_json(t, metas) for t in queries.case_tasks(conn, c.id)]
        out["petitioner"], out["title"] = _petitioner(conn, viewer, c)
        out["model_version"] = _model_version(conn, c.definition_id)
    return jsonify(out)


MODEL_VERSION = select(pd.c.version).where(pd.c.id == bindparam("id"))   # built once


def _model_version(conn, definition_id) -> int | None:
    """The version of its model the case runs (it changes when the case is migrated)."""
    return conn.execute(MODEL_VERSION, {"id": definition_id}).scalar()


def _petitioner(conn, viewer, c) -> tuple[dict | None, str | None]:
    """The petitioner and the case's title as `viewer` may read them: a
    confidential petitioner only as such, and masked in the title (Art. 170)."""
    p = queries.petitioner_of(conn, c.id)
    if p is None:
        return None, c.title
    if not queries.sees_identity(conn, viewer, c):
        who = Identity.of(p.name, p.email, p.phone, p.address)
        return {"confidential": True}, who.redact(c.title)
    return {"name": p.name, "email": p.email, "phone": p.phone, "address": p.address}, c.title
