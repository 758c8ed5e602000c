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
from engine.data.schema import audit, task

# The engine's errors are in English; the web layer shows this code's zh-TW words.
OWN_REQUEST = "own_request"


def requester(conn, case_id: int, element_id: str) -> str | None:
    """Who completed the latest `element_id` task of the case (the audit trail
    orders completions even when two share an instant)."""
    return conn.execute(select(audit.c.actor).join(task, task.c.id == audit.c.task_id).where(
        audit.c.case_id == case_id, audit.c.action == "complete",
        task.c.element_id == element_id).order_by(audit.c.id.desc()).limit(1)).scalar()


def refuse_own_request(conn, meta, row, username: str) -> None:
    """Raise Forbidden when `username` asked for the decision `row` waits for."""
    if meta is None or not meta.not_by:
        return
    if requester(conn, row.case_id, meta.not_by) == username:
        raise Forbidden("you cannot decide a request you made yourself",
                        code=OWN_REQUEST, task_id=row.id)
