"""Choosing the language of the pages (zh-TW or English), kept in the
session: from the header's switch, and from a public form whose switch is a
button of that form, so what was typed is posted along (views/public.py
shows the form again)."""
from __future__ import annotations

from flask import request, session
from flask_babel import refresh

from . import taskform
from .i18n import LOCALES

FIELD = "switch_language"   # the public form's field naming the language chosen
FILES_LEFT = "files_left"   # sent when files were chosen: not sent, to be chosen again
ERRORS_SHOWN = "errors_shown"   # the form showed errors: shown again, in the language chosen


def choose(code: str) -> bool:
    """The session's language from now on, this request's too; False for an unknown code."""
    if code not in LOCALES:
        return False
    session["lang"] = code
    refresh()   # Flask-Babel cached this request's locale already
    return True


def switched() -> bool:
    """Whether this request is a form posted by the language switch: its
    language is chosen (an unknown one leaves it), and it is never filed."""
    if request.method != "POST" or FIELD not in request.form:
        return False
    choose(request.form.get(FIELD, ""))
    return True


def files_sent() -> list:
    """The files a switch posted along: without the page's script the button
    sends the whole form (static/js/language-keeps-form.js leaves them
    behind). They are only looked at, never kept: the page asks for them again."""
    return [f for name in request.files for f in request.files.getlist(name) if f.filename]


def files_left() -> bool:
    """Whether the form had files chosen that are not in the field any more:
    left behind by the switch, or sent along with it (a browser cannot put
    either back in the field)."""
    return request.form.get(FILES_LEFT) == "1" or bool(files_sent())


def errors_shown() -> bool:
    """Whether the form switched was showing its errors (macros/public_form.html)."""
    return request.form.get(ERRORS_SHOWN) == "1"


def kept(fields, form):
    """What was typed, to show again: each date as the chosen language
    writes it (115/01/15 becomes 2026-01-15 in English), the rest as typed."""
    values = form.copy()
    dated = [f for f in fields if f.type in taskform.TYPED]
    for name, value in taskform.submitted(dated, form).items():   # as the form reads them
        values[name] = value
    return values
