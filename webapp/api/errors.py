"""JSON errors for the machine APIs: {"error": {"status", "message", ...}}."""
from __future__ import annotations

from flask import jsonify

from engine.data.errors import EngineError, ModelRefused

TITLES = {400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found",
          405: "method not allowed", 409: "conflict", 413: "too large", 422: "invalid data",
          429: "too many requests", 500: "server error"}


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def json_error(status: int, message: str = "", www_authenticate: bool = False, **extra):
    body = {"error": {"status": status, "title": TITLES.get(status, "error"),
                      "message": message or TITLES.get(status, "error"), **extra}}
    response = jsonify(body)
    response.status_code = status
    if www_authenticate:
        response.headers["WWW-Authenticate"] = 'Bearer realm="civicflow"'
    return response


def _engine_error(exc: EngineError):
    extra = {}
    if getattr(exc, "errors", None):
        extra["fields"] = exc.errors
        # Form errors also carry a code and params (engine/models/forms.FieldError).
        codes = {k: {"code": v.code, "params": v.params} for k, v in exc.errors.items() if hasattr(v, "code")}
        if codes:
            extra["codes"] = codes
    if isinstance(exc, ModelRefused):
        extra["problems"] = exc.problems
    if exc.detail.get("code"):   # a refusal a client can tell apart (e.g. own_request)
        extra["code"] = exc.detail["code"]
    return json_error(exc.status, exc.message, **extra)


def register_engine_errors(bp) -> None:
    bp.register_error_handler(EngineError, _engine_error)
