"""Case numbers kept whole inside running text.

A subject or title may cite another case (重複陳情 115-000123, 陳情案件答覆
（案號 115-000123）); a narrow column would break the number at its hyphen.
The `whole_numbers` filter escapes the text as Jinja would and wraps each
case number in `<span class="case-number">` (app.css: it never breaks); the
stored text is unchanged."""
from __future__ import annotations

import re

from flask import Flask
from markupsafe import Markup, escape

# engine/models/forms.py CASE_NUMBER, found inside text: 115-000123, not part
# of a longer run of digits and hyphens (a phone number, an ISO date).
NUMBER = re.compile(r"(?<![0-9-])[0-9]{2,3}-[0-9]{6}(?![0-9-])")
# In text that is markup already, a tag is passed over: a number in an
# attribute (href="/cases/115-000123") stays as it is.
TAG_OR_NUMBER = re.compile(r"(<[^>]*>)|" + NUMBER.pattern)


def whole_numbers(text) -> Markup:
    if text is None:
        return Markup("")
    return Markup(TAG_OR_NUMBER.sub(_wrap, str(escape(text))))


def _wrap(match: re.Match) -> str:
    if match.group(1):
        return match.group(1)
    return f'<span class="case-number">{match.group(0)}</span>'


def init_app(app: Flask) -> None:
    app.jinja_env.filters["whole_numbers"] = whole_numbers
