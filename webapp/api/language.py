"""The language the API answers in where it writes words for people (a
step's name, a bulk result's message): the token's user's language, else
zh-TW as the rest of the system. Codes, ids and error messages for
programmers stay as they are."""
from __future__ import annotations

from flask import g


def api_locale() -> str:
    return getattr(getattr(g, "api_user", None), "locale", None) or "zh_TW"
