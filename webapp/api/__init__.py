"""REST API under /api/v1, authenticated with bearer tokens
(`civicflow token create USERNAME`)."""
from flask import Blueprint, g, request

from engine.data.db import reader

from ..extensions import clock, db
from .. import users
from .errors import ApiError, json_error
from .reads import close_parked, park

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_ENDPOINTS = {"api.openapi"}
# Views whose first reads take the token check's connection (api/reads.py);
# any other view gets it closed at once, so no command runs beside it.
READS_AFTER_CHECK = {"api.claim_task", "api.unclaim_task", "api.get_task",
                     "api.get_case", "api.create_case", "api.list_tasks"}


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return json_error(401, "a bearer token is required", www_authenticate=True)
    user = _user_of(token.strip())
    if user is None:
        return json_error(401, "the token is unknown or revoked", www_authenticate=True)
    g.api_user = user
    return None


def _user_of(token: str):
    """The token's user; its connection parked for a view that reads next."""
    conn = reader(db())
    try:
        user = users.token_user(db(), conn, token, clock().now())
    except BaseException:
        conn.close()
        raise
    if user is not None and request.endpoint in READS_AFTER_CHECK:
        park(conn)
    else:
        conn.close()
    return user


bp.teardown_request(close_parked)


bp.register_error_handler(ApiError, lambda e: json_error(e.status, e.message, **e.extra))

from . import cases, extension_requests, openapi, processes, tasks  # noqa: E402,F401  (routes)
from . import bulk  # noqa: E402,F401  (routes: /tasks/bulk, /cases/bulk)
from .errors import register_engine_errors  # noqa: E402

register_engine_errors(bp)
