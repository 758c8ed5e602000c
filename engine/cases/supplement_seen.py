"""已補正: the petitioner answered a 補正 request and no officer of the case's
open task has looked since. The inbox marks such a task (ANSWER_UNSEEN, one
probe of ix_supplement_request_case_id per row shown); opening the task page
as its officer clears the mark (`mark_seen`), and the page shows the answer
at its top while that task is open (`answer_for`).

Seeing is not a change of the case: no command, no new case version (a form
open elsewhere stays valid), no audit row; the request keeps who and when.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, or_, select, update

from engine.data.schema import supplement_request, task

from .actors import Actor, can_work

_sr = supplement_request.c

# An inbox row's 已補正: an answer of the task's case nobody has seen yet.
ANSWER_UNSEEN = exists().where(_sr.case_id == task.c.case_id, _sr.answered_at.is_not(None),
                               _sr.seen_at.is_(None)).correlate(task)


def is_officer_of(actor: Actor, t) -> bool:
    """Who clears the mark: the officer holding the open task, or, while
    nobody holds it, an officer of its agency who could take it (not a
    supervisor or an administrator looking over the list)."""
    if t.state != "ready":
        return False
    if t.assignee is not None:
        return t.assignee == actor.username
    return actor.agency == t.candidate_agency and can_work(actor, t.candidate_agency,
                                                          t.candidate_role)


def mark_seen(conn, actor: Actor, t, now: datetime) -> bool:
    """Clear the case's 已補正 when `actor` is an officer of open task `t`;
    True when there was an unseen answer. Run twice at once: one UPDATE wins,
    the other finds nothing left to mark."""
    if not is_officer_of(actor, t):
        return False
    res = conn.execute(update(supplement_request).where(
        _sr.case_id == t.case_id, _sr.answered_at.is_not(None), _sr.seen_at.is_(None))
        .values(seen_by=actor.username, seen_at=now))
    return res.rowcount > 0


def answer_for(conn, t):
    """The latest answer for open task `t` (the page's top): given while it
    was open, or not seen yet by anyone (its own step finished before); None."""
    if t.state != "ready":
        return None
    return conn.execute(select(supplement_request).where(
        _sr.case_id == t.case_id, _sr.answered_at.is_not(None),
        or_(_sr.answered_at >= t.created_at, _sr.seen_at.is_(None)))
        .order_by(_sr.answered_at.desc()).limit(1)).first()
