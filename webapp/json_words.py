"""Why sample JSON could not be read, in the viewer's language.

Python's json module says it in English ("Expecting value: line 1 column
15 (char 14)"); the test-run page says where and what in words instead.
"""
from __future__ import annotations

import json

from flask_babel import gettext as _


def _whats() -> tuple:
    return (
        ("Expecting value", _("a value is missing")),
        ("Expecting property name", _("a name in double quotes is expected")),
        ("Expecting ',' delimiter", _("a comma is missing")),
        ("Expecting ':' delimiter", _("a colon is missing")),
        ("Extra data", _("there is more text after the end")),
        ("Unterminated string", _("a text lacks its closing double quote")),
        ("Invalid control character", _("a text holds a line break or tab; write \\n or \\t")),
        ("Invalid \\escape", _("a backslash is followed by a character JSON does not allow")),
    )


def json_error(err: json.JSONDecodeError) -> str:
    """Line 1, column 15: a value is missing."""
    what = next((said for start, said in _whats() if err.msg.startswith(start)),
                _("the text cannot be read as JSON"))
    return _("line %(line)s, column %(col)s: %(what)s", line=err.lineno, col=err.colno, what=what)
