"""已補正: the petitioner answered a 補正 request and no officer of the step it
was asked on has looked since. The mark belongs to that step while it is
open; when it was finished meanwhile, to the case's open steps of the same
agency (the work went on there), never to another agency's step of a
co-handled case. The inbox marks such a task (`answer_unseen`, one read of
the few unseen answers, ix_supplement_request_unseen); opening the task page
as its officer clears the mark (`mark_seen`), and the page shows the answer
at its top while that task is open (`answer_for`).

Seeing is not a change of the case: no command, no new case version (a form
open elsewhere stays valid), no audit row; the request keeps who and when.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, literal_column, or_, select, tuple_, update

from engine.data.schema import supplement_request, task

from .actors import Actor

_sr = supplement_request.c
# Literals, not parameters: the partial index (migration 0017) serves a
# statement only when it states the index's own condition.
UNSEEN = and_(_sr.answered_at.is_not(None), _sr.seen_at.is_(None))
_READY = literal_column("'ready'")
_asked = task.alias("asked")      # the step a request was asked on


def answer_unseen(t=task):
    """The condition "open task `t` has an answer nobody of it has seen":
    asked on it, or on a finished step of its case at its agency. Two
    uncorrelated INs over the few unseen answers (ix_supplement_request_unseen),
    each read once per statement, not probed per inbox row."""
    on_it = select(_sr.task_id).where(UNSEEN)
    after_it = (select(_sr.case_id, _asked.c.candidate_agency)
                .join(_asked, _asked.c.id == _sr.task_id).where(UNSEEN, _asked.c.state != _READY))
    return and_(t.c.state == _READY, or_(
        t.c.id.in_(on_it.correlate(None)),
        tuple_(t.c.case_id, t.c.candidate_agency).in_(after_it.correlate(None))))


def is_officer_of(actor: Actor, t) -> bool:
    """Who clears the mark: the officer holding the open task, or, while
    nobody holds it, one who works its agency's step in its role (not a
    supervisor or an administrator looking over the list)."""
    if t.state != "ready":
        return False
    if t.assignee is not None:
        return t.assignee == actor.username
    role = t.candidate_role or "officer"
    looks_over = {"supervisor", "admin"} - {role}   # roles above the step's own
    return (actor.agency == t.candidate_agency and role in actor.roles
            and not looks_over & actor.roles)


def _asked_for(t):
    """The steps whose requests open task `t` answers for (as in `answer_unseen`)."""
    return select(_asked.c.id).where(_asked.c.case_id == t.case_id, or_(
        _asked.c.id == t.id,
        and_(_asked.c.state != _READY, _asked.c.candidate_agency == t.candidate_agency)))


def mark_seen(conn, actor: Actor, t, now: datetime) -> bool:
    """Clear open task `t`'s 已補正 when `actor` is its officer; True when
    there was an unseen answer. Run twice at once: one UPDATE wins, the other
    finds nothing left to mark."""
    if not is_officer_of(actor, t):
        return False
    res = conn.execute(update(supplement_request).where(
        _sr.case_id == t.case_id, UNSEEN, _sr.task_id.in_(_asked_for(t)))
        .values(seen_by=actor.username, seen_at=now))
    return res.rowcount > 0


def answer_for(conn, t):
    """The latest answer for open task `t` (the page's top): to a request
    asked on it, or on a finished step of its agency and given while `t` was
    open or not seen yet; None."""
    if t.state != "ready":
        return None
    return conn.execute(select(supplement_request).where(
        _sr.case_id == t.case_id, _sr.answered_at.is_not(None), _sr.task_id.in_(_asked_for(t)),
        or_(_sr.task_id == t.id, _sr.answered_at >= t.created_at, _sr.seen_at.is_(None)))
        .order_by(_sr.answered_at.desc()).limit(1)).first()
