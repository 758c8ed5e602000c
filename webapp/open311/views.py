"""The GeoReport v2 endpoints; `.xml` or `.json` picks the format."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import request
from flask_babel import get_locale
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from engine.data.errors import EngineError
from engine.data.schema import agency, case, task

from .. import petitions, users
from ..extensions import clock, db
from . import bp
from .intake import submit
from .records import request_record, service_definition, service_records
from .render import error, error_for_request, respond

FORMATS = ("xml", "json")
MAX_REQUESTS = 1000


def _fmt(fmt):
    return fmt if fmt in FORMATS else None


@bp.errorhandler(HTTPException)
def _http_error(exc):
    return error_for_request(exc.code or 500, exc.description or exc.name)


@bp.get("/services.<fmt>")
def services(fmt):
    if not _fmt(fmt):
        return error("xml", 404, "format must be xml or json")
    with db().connect() as conn:
        fields = petitions.register_fields(conn)
    return respond(fmt, "services", service_records(fields, str(get_locale())))


@bp.get("/services/<code>.<fmt>")
def service(code, fmt):
    if not _fmt(fmt):
        return error("xml", 404, "format must be xml or json")
    with db().connect() as conn:
        definition = service_definition(petitions.register_fields(conn), code, str(get_locale()))
    if definition is None:
        return error(fmt, 404, f"no service {code}")
    return respond(fmt, "services", definition, root_tag="service_definition")


def _agency_names(conn) -> dict:
    locale = str(get_locale())
    return {r.code: (r.name_en if locale.startswith("en") else r.name_zh)
            for r in conn.execute(select(agency.c.code, agency.c.name_zh, agency.c.name_en))}


@bp.get("/requests/<request_id>.<fmt>")
def one_request(request_id, fmt):
    if not _fmt(fmt):
        return error("xml", 404, "format must be xml or json")
    with db().connect() as conn:
        row = conn.execute(select(case).where(case.c.number == request_id,
                                              case.c.process_key == petitions.PROCESS)).first()
        if row is None:
            return error(fmt, 404, f"no service request {request_id}")
        names = _agency_names(conn)
        fields = petitions.register_fields(conn)
        holders = _holders(conn, [row.id])
    return respond(fmt, "requests", [request_record(row, names, fields, str(get_locale()), holders)])


@bp.get("/requests.<fmt>")
def list_requests(fmt):
    if not _fmt(fmt):
        return error("xml", 404, "format must be xml or json")
    try:
        q = _request_query(request.args)
    except ValueError as exc:
        return error(fmt, 400, str(exc))
    with db().connect() as conn:
        rows = conn.execute(q).all()
        names = _agency_names(conn)
        fields = petitions.register_fields(conn)
        holders = _holders(conn, [r.id for r in rows])
    locale = str(get_locale())
    return respond(fmt, "requests", [request_record(r, names, fields, locale, holders) for r in rows])


def _holders(conn, case_ids) -> dict:
    """Before routing names a responsible agency, the agency holding the open task is."""
    if not case_ids:
        return {}
    rows = conn.execute(select(task.c.case_id, task.c.candidate_agency).where(
        task.c.case_id.in_(case_ids), task.c.state == "ready").order_by(task.c.created_at))
    return {r.case_id: r.candidate_agency for r in rows}


def _when(text):
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError("dates need an offset (W3C format)")
    return value


def _request_query(args):
    """Spec defaults: the last 90 days, at most 1000 requests, newest first."""
    q = select(case).where(case.c.process_key == petitions.PROCESS)
    if args.get("service_request_id"):
        ids = [s.strip() for s in args["service_request_id"].split(",") if s.strip()]
        return q.where(case.c.number.in_(ids[:MAX_REQUESTS]))
    end = _when(args["end_date"]) if args.get("end_date") else clock().now()
    start = _when(args["start_date"]) if args.get("start_date") else end - timedelta(days=90)
    q = q.where(case.c.received_at.between(start, end))
    if args.get("service_code"):
        q = q.where(case.c.category.in_(args["service_code"].split(",")))
    status = args.get("status")
    if status in ("open", "closed"):
        q = q.where(case.c.status == "completed" if status == "closed" else case.c.status != "completed")
    return q.order_by(case.c.received_at.desc()).limit(MAX_REQUESTS)


@bp.post("/requests.<fmt>")
def create_request(fmt):
    if not _fmt(fmt):
        return error("xml", 404, "format must be xml or json")
    form = request.form
    with db().connect() as conn:
        user = users.user_for_token(conn, form.get("api_key", "")) if form.get("api_key") else None
        fields = petitions.register_fields(conn)
    if user is None:
        return error(fmt, 403, "a valid api_key is required")
    try:
        receipt = submit(form, fields, user)
    except EngineError as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in getattr(exc, "errors", {}).items())
        return error(fmt, 400, f"{exc.message}{' (' + detail + ')' if detail else ''}")
    notice = "請以案號及查詢密碼查詢進度 / use the case number and this password to follow it: "
    return respond(fmt, "requests", [{"service_request_id": receipt.number,
                                      "service_notice": notice + receipt.password,
                                      "account_id": None}], 201)

