"""A refused engine command in the viewer's language.

Engine errors (engine/data/errors.py) carry English text and, where the web
layer words them, a `code` in their detail; pages show `command_error(exc)`
instead of the English text. The REST API keeps the English text and code.
"""
from __future__ import annotations

from flask_babel import gettext


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


def command_error(exc) -> str:
    detail = getattr(exc, "detail", None) or {}
    message = _messages().get(detail.get("code"))
    return message(**{k: v for k, v in detail.items() if k != "code"}) if message else exc.message
