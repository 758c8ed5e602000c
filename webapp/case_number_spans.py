"""Case numbers kept whole inside running text.

A subject or title may cite another case (重複陳情 115-000123, 陳情案件答覆
（案號 115-000123）); a narrow column would break the number at its hyphen.
The `whole_numbers` filter escapes the text as Jinja would and wraps each
case number in `<span class="case-number">` (app.css: it never breaks); the
stored text is unchanged.

Given the numbers the viewer may open (`links`: the case file's `openable`,
looked up once per page, engine/cases/cited.py), such a number becomes a link
to its case page instead, `<a class="case-number" href="/cases/NUMBER">`; any
other number stays plain, as a case that does not exist would."""
from __future__ import annotations

import re

from flask import Flask, url_for
from markupsafe import Markup, escape

from engine.cases.cited import NUMBER
# In text that is markup already, a tag is passed over: a number in an
# attribute (href="/cases/115-000123") stays as it is.
TAG_OR_NUMBER = re.compile(r"(<[^>]*>)|" + NUMBER.pattern)


def whole_numbers(text, links=frozenset()) -> Markup:
    """`text` escaped, each case number kept whole; those in `links` linked.
    Links are for plain text: inside markup's own link one would nest."""
    if text is None:
        return Markup("")
    return Markup(TAG_OR_NUMBER.sub(lambda m: _wrap(m, links), str(escape(text))))


def _wrap(match: re.Match, links=frozenset()) -> str:
    if match.group(1):
        return match.group(1)
    number = match.group(0)
    if number in links:
        href = escape(url_for("cases.show", number=number))
        return f'<a class="case-number" href="{href}">{number}</a>'
    return f'<span class="case-number">{number}</span>'


def init_app(app: Flask) -> None:
    app.jinja_env.filters["whole_numbers"] = whole_numbers
