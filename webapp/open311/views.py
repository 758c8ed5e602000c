"""The GeoReport v2 endpoints; `.xml` or `.json` picks the format."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import request
from flask_babel import get_locale
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from engine.data.errors import EngineError
from engine.data.schema import agency, case, task
from engine.time.deadlines import FIRST_DAY, LAST_DAY

from .. import petitions
from ..extensions import clock, db
from . import bp
from .clients import poster, within_limit
from .ids import case_id_of, public_id
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
        row = conn.execute(select(case).where(case.c.id == case_id_of(request_id),
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


def _when(text, name):
    """A W3C date-time within the calendar (engine/time/deadlines.py), else a
    ValueError naming the parameter (answered 400)."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{name} must be a W3C date-time like 2026-03-02T08:30:00+08:00") from None
    if value.tzinfo is None:
        raise ValueError(f"{name} needs an offset (W3C format)")
    if not FIRST_DAY <= value.date() <= LAST_DAY:
        raise ValueError(f"{name} must be between {FIRST_DAY} and {LAST_DAY}")
    return value


def _request_query(args):
    """Spec defaults: the last 90 days, at most 1000 requests, newest first."""
    q = select(case).where(case.c.process_key == petitions.PROCESS)
    if args.get("service_request_id"):
        ids = [case_id_of(s.strip()) for s in args["service_request_id"].split(",")[:MAX_REQUESTS]]
        return q.where(case.c.id.in_([i for i in ids if i is not None]))
    end = _when(args["end_date"], "end_date") if args.get("end_date") else clock().now()
    start = (_when(args["start_date"], "start_date") if args.get("start_date")
             else end - timedelta(days=90))
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
    key = form.get("api_key", "")
    with db().connect() as conn:
        user = poster(conn, key)
        fields = petitions.register_fields(conn)
    if user is None:
        return error(fmt, 403, "the api_key of a registered Open311 client is required")
    if not within_limit(key):
        return error(fmt, 429, "too many requests with this api_key: try again later")
    try:
        receipt = submit(form, fields, user)
    except EngineError as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in getattr(exc, "errors", {}).items())
        return error(fmt, 400, f"{exc.message}{' (' + detail + ')' if detail else ''}")
    notice = (f"案號 {receipt.number}，請以案號及查詢密碼查詢進度 / case number {receipt.number}: "
              "use it and this password to follow it: ")
    return respond(fmt, "requests", [{"service_request_id": public_id(receipt.case_id),
                                      "service_notice": notice + receipt.password,
                                      "account_id": None}], 201)

