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
        "own_request": lambda: gettext(
            "You asked for this decision yourself; another supervisor of your agency decides it."),
    }


def command_error(exc) -> str:
    message = _messages().get((getattr(exc, "detail", None) or {}).get("code"))
    return message() if message else exc.message
