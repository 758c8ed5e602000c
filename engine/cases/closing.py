"""Why a case ended with no reply to read: what the citizen's status page
says in its place (webapp/views/public.py). A repeat petition stands on the
earlier case's reply (APA Art. 173), cited by that case's number and the date
and number of its reply; an Art. 173 ground leaves the petition registered
for the record only; an administrator's cancellation gives its reason.

The earlier case's own reply is read out only to its own petitioner (the
same name and the same e-mail address or phone number on both cases): the
citizen looking at a repeat never reads another person's case, only what
the law asks to be cited."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from engine.data.schema import audit, case, petitioner

from . import queries
from .petitioner_keys import normal_email, normal_phone

REPEAT, ART173, CANCELLED, CLOSED = "repeat", "art173", "cancelled", "closed"
OUTCOMES = {"closed_repeat": REPEAT, "closed_art173": ART173}   # set by bpmn/petition.bpmn
# The model's English grounds end in "(Art. 173)"; the sentence names the article itself.
_ARTICLE_TAG = re.compile(r"\s*\(Art\. 173\)\s*$")


@dataclass(frozen=True)
class Closing:
    kind: str                               # REPEAT, ART173, CANCELLED or CLOSED
    earlier_case: str = ""                  # a repeat: the case whose reply stands
    earlier_reply_date: date | str | None = None
    earlier_reply_number: str = ""
    earlier_reply: dict = field(default_factory=dict)   # its reply: its own petitioner only
    earlier_language: str = ""
    ground: str = ""                        # an Art. 173 ground's code
    ground_words: tuple[str, str] = ("", "")   # ... and its words (zh, en) from the model
    reason: str = ""                        # a cancellation's reason

    def ground_in(self, locale: str) -> str:
        """The ground in the reader's language ('en' or zh), else the other one."""
        zh, en = self.ground_words
        return (en or zh) if locale.startswith("en") else (zh or en)


def why(conn, case_row, reply: dict) -> Closing | None:
    """Why `case_row` ended with nothing to read; None while it is under way
    or when `reply` (queries.reply_of) has the words."""
    if reply or case_row.status not in ("completed", "cancelled"):
        return None
    if case_row.status == "cancelled":
        return Closing(CANCELLED, reason=_cancel_reason(conn, case_row.id))
    data = json.loads(case_row.summary or "{}")
    kind = OUTCOMES.get(data.get("outcome"))
    if kind == REPEAT:
        return _repeat(conn, case_row, data)
    if kind == ART173:
        return _art173(conn, case_row, data)
    return Closing(CLOSED)   # another model's ending that wrote no reply


def _repeat(conn, case_row, data: dict) -> Closing:
    number = str(data.get("earlier_case") or "")
    earlier = conn.execute(select(case).where(case.c.number == number)).first() if number else None
    own = earlier is not None and same_petitioner(conn, case_row.id, earlier.id)
    # The date the clerk cited with the reply's number; the system's own record if none.
    day = data.get("earlier_reply_date") or data.get("earlier_replied_on")
    return Closing(REPEAT, earlier_case=number, earlier_reply_date=_day(day),
                   earlier_reply_number=str(data.get("earlier_reply_number") or ""),
                   earlier_reply=queries.reply_of(conn, earlier) if own else {},
                   earlier_language=earlier.language if own else "")


def _art173(conn, case_row, data: dict) -> Closing:
    ground = str(data.get("art173_ground") or "")
    words = queries.choice_labels(conn, case_row.definition_id).get("art173_ground", {})
    zh, en = words.get(ground, (ground, ground))
    return Closing(ART173, ground=ground, ground_words=(zh, _ARTICLE_TAG.sub("", en or "")))


def _cancel_reason(conn, case_id: int) -> str:
    """The reason the administrator gave (the cancellation notice said it too)."""
    detail = conn.execute(select(audit.c.detail).where(
        audit.c.case_id == case_id, audit.c.action == "cancel")
        .order_by(audit.c.id.desc()).limit(1)).scalar()
    return str(json.loads(detail or "{}").get("reason") or "")


def same_petitioner(conn, case_id: int, other_id: int) -> bool:
    """Whether two cases were filed by one person, by what they gave: the same
    name and the same e-mail address or phone number (a name alone is shared
    by many). A petition without a name is nobody's but its own."""
    rows = {r.case_id: r for r in conn.execute(
        select(petitioner).where(petitioner.c.case_id.in_([case_id, other_id])))}
    one, other = rows.get(case_id), rows.get(other_id)
    if one is None or other is None or not _name(one.name) or _name(one.name) != _name(other.name):
        return False
    pairs = ((normal_email(one.email), normal_email(other.email)),
             (normal_phone(one.phone), normal_phone(other.phone)))
    return any(mine and mine == theirs for mine, theirs in pairs)


def _name(text) -> str:
    return "".join((text or "").split())


def _day(value) -> date | str | None:
    """A date field's value (YYYY-MM-DD) as a date; text that is none as it is."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
