"""Links between cases that a model names in the case data: a repeat petition
sets `linked_case` (the earlier case's number) and `link_kind`.

A repeat petition (APA Art. 173) may only cite an earlier case that exists,
that the clerk may see and that was answered: the model checks it with
`answered_case(number, field, reply_on=..., reply_field=...)` before it
links, and the command is refused with an error naming the form field (the
reply date the clerk entered may not precede the earlier case's receipt).
The link is stored once and read in both directions (queries.linked_cases),
so both cases show it.
"""
import json

from SpiffWorkflow.exceptions import SpiffWorkflowException
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from engine.data.errors import InvalidData
from engine.data.schema import case, case_link
from engine.models.forms import FieldError
from engine.models.functions import case_function
from engine.time.clock import TAIPEI
from engine.time.deadlines import as_utc

from . import queries

KINDS = ("repeat", "related", "duplicate")
ANSWERED = "replied"   # the outcome of a case closed with a delivered reply


class CitedCaseRefused(InvalidData, SpiffWorkflowException):
    """A cited case that may not be cited. Also a SpiffWorkflowException so
    SpiffWorkflow passes it out of the model's script unwrapped, and the
    command ends with a 422 naming the field (not a script error)."""

    def __init__(self, field: str, code: str, text: str, **params):
        super().__init__(text, {field: FieldError(text, code, params)})


def record(cmd, data: dict) -> None:
    number, kind = data.get("linked_case"), data.get("link_kind") or "related"
    if not isinstance(number, str) or kind not in KINDS or number == cmd.case.number:
        return
    other = cmd.conn.execute(select(case.c.id).where(case.c.number == number)).scalar()
    if other is None:
        return
    dialect = postgresql if cmd.conn.dialect.name == "postgresql" else sqlite
    cmd.conn.execute(dialect.insert(case_link).values(
        case_id=cmd.case_id, other_case_id=other, kind=kind).on_conflict_do_nothing())


def viewer_of(actor) -> queries.Viewer:
    return queries.Viewer(actor.username, actor.agency or "", frozenset(actor.roles))


@case_function("answered_case", repeatable=True)
def answered_case(cmd, number, field: str = "earlier_case", reply_on=None,
                  reply_field: str = "earlier_reply_date") -> str:
    """The reply date (YYYY-MM-DD) of the earlier case `number` that the
    command's actor cites; refused unless it exists, is another case, is
    visible to them and was answered. `reply_on`, the reply date the clerk
    entered (form field `reply_field`), may not come before that case's receipt."""
    number = str(number or "").strip()
    if number == cmd.case.number:
        raise CitedCaseRefused(field, "cited_self", "a case cannot cite itself", number=number)
    row = queries.visible_case(cmd.conn, viewer_of(cmd.actor), number=number)
    if row is None:   # unknown and not visible read alike: existence is not disclosed
        raise CitedCaseRefused(field, "cited_unknown",
                               f"no case {number} that you may see", number=number)
    replied = reply_date(row)
    if replied is None:
        raise CitedCaseRefused(field, "cited_unanswered",
                               f"case {number} has not been answered", number=number)
    if reply_on:
        check_reply_after_receipt(row, str(reply_on), reply_field)
    return replied


def check_reply_after_receipt(row, reply_on: str, field: str) -> None:
    """An earlier case cannot have been answered before it was received (the
    day in Taipei): such a date is a typing slip or another case's letter."""
    received = as_utc(row.received_at).astimezone(TAIPEI).date().isoformat()
    if reply_on[:10] < received:
        raise CitedCaseRefused(field, "reply_before_receipt",
                               f"the earlier case was received on {received}: "
                               "its reply cannot be dated before that", received=received)


def reply_date(row) -> str | None:
    """When a closed case was answered (YYYY-MM-DD), None when it was not."""
    data = json.loads(row.summary or "{}")
    if row.status != "completed" or data.get("outcome") != ANSWERED:
        return None
    replied = data.get("replied_at")
    return replied[:10] if isinstance(replied, str) and replied else None


def cited_candidates(conn, viewer, case_row) -> list[dict]:
    """The earlier cases the system flagged as possible duplicates of
    `case_row` (queries.similar_cases), answered ones first, newest first:
    what a repeat petition's form offers."""
    rows = [r for r in queries.similar_cases(conn, viewer, case_row)
            if r.received_at <= case_row.received_at]
    full = {r.id: r for r in conn.execute(select(case).where(case.c.id.in_([r.id for r in rows])))}
    out = [{"number": r.number, "title": r.title, "replied_on": reply_date(full[r.id]),
            "confidential": r.confidential} for r in rows]
    return sorted(out, key=lambda c: c["replied_on"] is None)
