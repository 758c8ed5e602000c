"""已補正: the petitioner answered a 補正 request and no officer of the step it
was asked on has looked since. The mark belongs to that step while it is
open; when it was finished meanwhile, to the case's open steps of the agency
its work is at now: its own agency (the work went on there), or, when a
transfer (改分) moved that step to the agency now responsible for the case,
that agency. Never to another agency's step of a co-handled case. The inbox
marks such a task (`answer_unseen`, one read of the few unseen answers,
ix_supplement_request_unseen); opening the task page as its officer clears
the mark (`mark_seen`), and the page shows the answer at its top while that
task is open (`answer_for`).

Seeing is not a change of the case: no command, no new case version (a form
open elsewhere stays valid), no audit row; the request keeps who and when.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, literal_column, or_, select, tuple_, update
from sqlalchemy import case as when

from engine.data.schema import app_user, case, supplement_request, task

from .actors import Actor, can_work

_sr = supplement_request.c
# Literals, not parameters: the partial index (migration 0017) serves a
# statement only when it states the index's own condition.
UNSEEN = and_(_sr.answered_at.is_not(None), _sr.seen_at.is_(None))
_READY = literal_column("'ready'")
_asked = task.alias("asked")      # the step a request was asked on
_lead = case.alias("lead")        # its case as it is now (its responsible agency)
_again = task.alias("again")      # the same step, opened again after a transfer


def _moved():
    """The asked step's work moved to the agency now responsible for the case:
    that agency is no longer the step's, and the same step is open again there
    (a transfer completes the petition's `handle` and the model opens it at the
    competent agency). A co-handling agency's step is never opened at the lead."""
    return and_(_asked.c.candidate_agency != _lead.c.responsible_agency, exists().where(
        _again.c.case_id == _asked.c.case_id, _again.c.state == _READY,
        _again.c.element_id == _asked.c.element_id,
        _again.c.candidate_agency == _lead.c.responsible_agency))


# The agency a finished asked step's work is at now.
_WORK_AGENCY = when((_moved(), _lead.c.responsible_agency), else_=_asked.c.candidate_agency)
_ASKED_NOW = _asked.join(_lead, _lead.c.id == _asked.c.case_id)


def answer_unseen(t=task):
    """The condition "open task `t` has an answer nobody of it has seen":
    asked on it, or on a finished step whose work is at its agency now. Two
    uncorrelated INs over the few unseen answers (ix_supplement_request_unseen),
    each read once per statement, not probed per inbox row."""
    on_it = select(_sr.task_id).where(UNSEEN)
    after_it = (select(_sr.case_id, _WORK_AGENCY)
                .select_from(supplement_request.join(_ASKED_NOW, _asked.c.id == _sr.task_id))
                .where(UNSEEN, _asked.c.state != _READY))
    return and_(t.c.state == _READY, or_(
        t.c.id.in_(on_it.correlate(None)),
        tuple_(t.c.case_id, t.c.candidate_agency).in_(after_it.correlate(None))))


_ABOVE = frozenset({"supervisor", "admin"})   # who look over a step of a lower role


def is_officer_of(actor: Actor, t, has_own_staff=lambda: True) -> bool:
    """Who clears the mark: the officer holding the open task, or, while
    nobody holds it, one who may work it in its role at its agency (any
    agency's, for a step that names none). Not a supervisor looking over the
    list, unless nobody below works the step there (`has_own_staff()` False:
    a section of chiefs, whose chief is its officer); never an administrator."""
    if t.state != "ready":
        return False
    if t.assignee is not None:
        return t.assignee == actor.username
    role = t.candidate_role or "officer"
    above = (_ABOVE - {role}) & actor.roles
    if "admin" in above or not can_work(actor, t.candidate_agency, role):
        return False
    return not above or not has_own_staff()


def own_staff(conn, t) -> bool:
    """Whether an active user works open task `t`'s role at its agency (any
    agency, for a step that names none) without a role above it."""
    role = t.candidate_role or "officer"
    q = select(app_user.c.roles).where(app_user.c.active.is_(True),
                                       app_user.c.roles.contains(role))
    if t.candidate_agency:
        q = q.where(app_user.c.agency_code == t.candidate_agency)
    above = _ABOVE - {role}
    for text in conn.execute(q).scalars():
        roles = {r.strip() for r in text.split(",")}
        if role in roles and not above & roles:
            return True
    return False


def _asked_for(t):
    """The steps whose requests open task `t` answers for (as in `answer_unseen`)."""
    mine = _asked.c.id == t.id
    if t.candidate_agency:   # a step naming no agency answers only for itself, as in the inbox
        mine = or_(mine, and_(_asked.c.state != _READY, _WORK_AGENCY == t.candidate_agency))
    return select(_asked.c.id).select_from(_ASKED_NOW).where(_asked.c.case_id == t.case_id, mine)


def mark_seen(conn, actor: Actor, t, now: datetime) -> bool:
    """Clear open task `t`'s 已補正 when `actor` is its officer; True when
    there was an unseen answer. Run twice at once: one UPDATE wins, the other
    finds nothing left to mark."""
    if not is_officer_of(actor, t, lambda: own_staff(conn, t)):
        return False
    res = conn.execute(update(supplement_request).where(
        _sr.case_id == t.case_id, UNSEEN, _sr.task_id.in_(_asked_for(t)))
        .values(seen_by=actor.username, seen_at=now))
    return res.rowcount > 0


def answer_for(conn, t):
    """The latest answer for open task `t` (the page's top): to a request
    asked on it, or on a finished step whose work is at its agency now, and
    given or seen while `t` was open, or not seen yet (so it stays on top
    after its officer's first look); None."""
    if t.state != "ready":
        return None
    return conn.execute(select(supplement_request).where(
        _sr.case_id == t.case_id, _sr.answered_at.is_not(None), _sr.task_id.in_(_asked_for(t)),
        or_(_sr.task_id == t.id, _sr.answered_at >= t.created_at, _sr.seen_at.is_(None),
            _sr.seen_at >= t.created_at))
        .order_by(_sr.answered_at.desc()).limit(1)).first()
