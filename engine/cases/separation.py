"""Nobody decides their own request: a task declared with
`<civicflow:task not_by="handle">` is refused to the user who completed the
latest `handle` task of the case (the one that asked for the decision).

Declared in the model so the analyst sees the rule in the diagram; enforced
when the task is claimed and again when it is completed (an unclaimed task
can be completed directly).
"""
from __future__ import annotations

from sqlalchemy import select

from engine.data.errors import Forbidden
from engine.data.schema import app_user, audit, task

# The engine's errors are in English; the web layer shows this code's zh-TW words.
OWN_REQUEST = "own_request"

# Who completed a task last, with their account as it stands now (None columns:
# no such account): keeping.py gives them the next round without reading again.
LAST_COMPLETER = (
    select(audit.c.actor, app_user.c.agency_code, app_user.c.roles, app_user.c.active)
    .select_from(audit.join(task, task.c.id == audit.c.task_id)
                 .outerjoin(app_user, app_user.c.username == audit.c.actor))
    .order_by(audit.c.id.desc()).limit(1))


def last_completer(conn, case_id: int, element_id: str, memo: dict | None = None):
    """The row of whoever completed the latest `element_id` task of the case
    (the audit trail orders completions even when two share an instant), or
    None; `memo` (a command's) keeps it for the rest of the command."""
    if memo is not None and element_id in memo:
        return memo[element_id]
    row = conn.execute(LAST_COMPLETER.where(
        audit.c.case_id == case_id, audit.c.action == "complete",
        task.c.element_id == element_id)).first()
    if memo is not None:
        memo[element_id] = row
    return row


def requester(conn, case_id: int, element_id: str, memo: dict | None = None) -> str | None:
    """Who completed the latest `element_id` task of the case."""
    row = last_completer(conn, case_id, element_id, memo)
    return row.actor if row is not None else None


def refuse_own_request(conn, meta, row, username: str, memo: dict | None = None) -> None:
    """Raise Forbidden when `username` asked for the decision `row` waits for."""
    if meta is None or not meta.not_by:
        return
    if requester(conn, row.case_id, meta.not_by, memo) == username:
        raise Forbidden("you cannot decide a request you made yourself",
                        code=OWN_REQUEST, task_id=row.id)
