"""REST API under /api/v1, authenticated with bearer tokens
(`civicflow token create USERNAME`)."""
from flask import Blueprint, g, request

from ..extensions import db
from .. import users
from .errors import ApiError, json_error

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return json_error(401, "a bearer token is required", www_authenticate=True)
    with db().connect() as conn:
        user = users.user_for_token(conn, token.strip())
    if user is None:
        return json_error(401, "the token is unknown or revoked", www_authenticate=True)
    g.api_user = user
    return None


bp.register_error_handler(ApiError, lambda e: json_error(e.status, e.message, **e.extra))

from . import cases, extension_requests, openapi, processes, tasks  # noqa: E402,F401  (routes)
from . import bulk  # noqa: E402,F401  (routes: /tasks/bulk, /cases/bulk)
from .errors import register_engine_errors  # noqa: E402

register_engine_errors(bp)
