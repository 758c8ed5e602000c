"""A refused engine command in the viewer's language.

Engine errors (engine/data/errors.py) carry English text and, where the web
layer words them, a `code` in their detail; pages show `command_error(exc)`
instead of the English text. The REST API keeps the English text and code.
"""
from __future__ import annotations

from flask_babel import gettext

from engine.models.forms import FieldError

from .form_errors import field_error


def _messages() -> dict:
    return {
        # engine/cases/separation.py: nobody decides their own request
        "own_request": lambda **_: gettext(
            "You asked for this decision yourself; another supervisor of your agency decides it."),
        # engine/cases/model_code.py: the model's code overran its budget
        "model_code_stopped": lambda name=None, **_: gettext(
            "The step '%(name)s' of the process model ran too long or needed too much "
            "memory and was stopped. Nothing was saved; please tell the model's author.",
            name=name or "?"),
    }


def _service_error(function=None, **_) -> str:
    # engine/services: a model's service task called a function wrongly
    return gettext("A step of the process model could not call the function '%(function)s' "
                   "as the model writes it. Nothing was saved; please tell the model's author.",
                   function=function or "?")


def _reservation_error(**params) -> str:
    # engine/resources: a reservation refused outside a form field
    return field_error(FieldError("", params.pop("code_", ""), params))


SERVICE_CODES = ("unknown_service", "bad_argument", "missing_argument", "unknown_argument",
                 "bad_result", "no_command")
RESERVATION_CODES = ("resource_taken", "resource_unknown", "resource_too_small", "bad_range")


def command_error(exc) -> str:
    detail = getattr(exc, "detail", None) or {}
    code = detail.get("code")
    if code in SERVICE_CODES:
        return _service_error(**{k: v for k, v in detail.items() if k != "code"})
    if code in RESERVATION_CODES:
        return _reservation_error(code_=code, **{k: v for k, v in detail.items() if k != "code"})
    message = _messages().get(detail.get("code"))
    return message(**{k: v for k, v in detail.items() if k != "code"}) if message else exc.message
