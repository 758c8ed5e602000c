"""Which parts of the case file a task shows beside its form, as a model
declares them: `<civicflow:task shows="content read_back co_opinions"/>`.

No `shows` means every part (each still only as far as the viewer may see
it: a confidential petitioner's identity stays hidden from those who may not).
"""
from __future__ import annotations

import re

from .attribute_words import task_zh

# The words a model may use, in the order the case panel shows the parts.
CASE_PARTS = (
    "petitioner",    # who petitioned (identity only for those who may see it)
    "content",       # subject and the petitioner's own words
    "read_back",     # the written record of an oral petition and its confirmation
    "channel",       # channel and language of the petition
    "category",      # category and district
    "location",      # address and point, when given
    "attachments",   # files on the case
    "co_opinions",   # co-handling agencies' opinions
    "reply",         # the reply given to the petitioner, once there is one
    "links",         # earlier, linked and possibly duplicate cases
    "comments",      # officers' comments
    "timeline",      # what happened when
)


def parse(text: str | None) -> list[str] | None:
    """The declared parts (spaces or commas between), None when not declared."""
    if text is None or not text.strip():
        return None
    return [w for w in re.split(r"[\s,]+", text.strip()) if w]


def problems(shows: list[str] | None):
    """(English, zh-TW) for each word that names no part."""
    for word in shows or ():
        if word not in CASE_PARTS:
            yield (f"shows names an unknown part of the case: '{word}' (known: {' '.join(CASE_PARTS)})",
                   f"{task_zh('shows')}所列的「{word}」不是案件資料的項目（可用：{' '.join(CASE_PARTS)}）")


def shown(shows: list[str] | None) -> frozenset:
    """The parts a task shows: the declared ones, else all."""
    return frozenset(CASE_PARTS) if shows is None else frozenset(shows) & frozenset(CASE_PARTS)


def words_field(process):
    """The start form's first long text: where a model without `content`
    keeps the person's words under its own name (the consumer complaint's
    爭議內容, `claim_text`); None when its start form has none."""
    start = process.start if process else None
    meta = process.tasks.get(start.task) if start else None
    return next((f for f in (meta.fields if meta else []) if f.type == "textarea"), None)
