"""The shipped models name their elements in both languages ("登記陳情
Register petition"); the case page's diagram shows each name in the
viewer's language only, as the task lists do."""
from __future__ import annotations

import html
import re
from xml.sax.saxutils import quoteattr

from engine.models.task_names import pick, split_bilingual

# A name attribute of any element (BPMN elements and civicflow fields alike:
# a field's Latin-only name comes out as it went in).
_NAME = re.compile(r'(\sname=)"([^"]*)"')


def in_language(xml: str, locale: str) -> str:
    def one(match: re.Match) -> str:
        zh, en = split_bilingual(html.unescape(match.group(2)))
        return match.group(1) + quoteattr(pick(zh, en, locale) or html.unescape(match.group(2)))
    return _NAME.sub(one, xml)
