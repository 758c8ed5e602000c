"""已補正: the petitioner answered a 補正 request and no officer of the step it
was asked on has looked since. The mark belongs to that step while it is
open; when it was finished meanwhile, to the case's open steps of the agency
the request is for now: a request asked on the lead's step (the responsible
agency's, `on_lead_step`, kept when asked) is for the agency responsible for
the case now, however its steps moved on (a transfer, 改分, then an
extension); a co-handling agency's is for that agency, never the lead's. The
inbox marks such a task (supplement_unseen.answer_unseen, one read of the
few unseen answers, ix_supplement_request_unseen); opening the task page as its officer clears
the mark (`mark_seen`), and the page shows the answer at its top while that
task is open (`answer_for`).

Seeing is not a change of the case: no command, no new case version (a form
open elsewhere stays valid), no audit row; the request keeps who and when.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, or_, select, update

from engine.data.schema import case, supplement_request, task

from .actors import Actor, can_work
from .assignment import roles_of
from .supplement_unseen import ASKED, READY, UNSEEN
from .team import officers

_sr = supplement_request.c


_ABOVE = frozenset({"supervisor", "admin"})   # who look over a step of a lower role


def is_officer_of(actor: Actor, t, conn=None) -> bool:
    """Who clears the mark: the officer holding the open task, or, while
    nobody holds it, one who may work it in its role at its agency (any
    agency's, for a step that names none). Not a supervisor looking over the
    list, unless nobody below works the step there (read on `conn`: a section
    of chiefs, whose chief is its officer); never an administrator."""
    if t.state != "ready":
        return False
    if t.assignee is not None:
        return t.assignee == actor.username
    role = t.candidate_role or "officer"
    above = (_ABOVE - {role}) & actor.roles
    if "admin" in above or not can_work(actor, t.candidate_agency, role):
        return False
    return not above or (conn is not None and not own_staff(conn, t))


def own_staff(conn, t) -> bool:
    """Whether an active user works open task `t`'s role at its agency (any
    agency, for a step that names none) without a role above it."""
    role = t.candidate_role or "officer"
    above = _ABOVE - {role}
    return any(role in roles and not above & roles
               for roles in (roles_of(u.roles) for u in officers(conn, t.candidate_agency)))


def _for_task(t):
    """The case's requests whose answers open task `t` answers for (as in
    supplement_unseen.answer_unseen): asked on it, or on a finished step
    and for its agency now."""
    mine = _sr.task_id == t.id
    if not t.candidate_agency:   # a step naming no agency answers only for itself, as in the inbox
        return mine
    finished = select(ASKED.c.id).where(ASKED.c.case_id == t.case_id, ASKED.c.state != READY)
    lead_now = select(case.c.responsible_agency).where(case.c.id == t.case_id).scalar_subquery()
    as_lead = and_(_sr.on_lead_step.is_(True), lead_now == t.candidate_agency)
    as_own = and_(_sr.on_lead_step.is_(False), _sr.task_id.in_(
        finished.where(ASKED.c.candidate_agency == t.candidate_agency)))
    return or_(mine, and_(_sr.task_id.in_(finished), or_(as_lead, as_own)))


def _still_as_read(t):
    """Task `t` is still open as it was read: the same agency and holder. A
    transfer (改分) or a move committed since, and the look is not its
    officer's any more. On PostgreSQL the row is share-locked: a transfer
    under way is waited for and its outcome checked."""
    return exists(select(task.c.id).where(
        task.c.id == t.id, task.c.state == READY,
        task.c.candidate_agency.is_not_distinct_from(t.candidate_agency),
        task.c.assignee.is_not_distinct_from(t.assignee)).with_for_update(read=True))


def mark_seen(conn, actor: Actor, t, now: datetime) -> bool:
    """Clear open task `t`'s 已補正 when `actor` is its officer and `t` is
    still as read; True when there was an unseen answer. Run twice at once:
    one UPDATE wins, the other finds nothing left to mark."""
    if not is_officer_of(actor, t, conn):
        return False
    res = conn.execute(update(supplement_request).where(
        _sr.case_id == t.case_id, UNSEEN, _for_task(t), _still_as_read(t))
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
        _sr.case_id == t.case_id, _sr.answered_at.is_not(None), _for_task(t),
        or_(_sr.task_id == t.id, _sr.answered_at >= t.created_at, _sr.seen_at.is_(None),
            _sr.seen_at >= t.created_at))
        .order_by(_sr.answered_at.desc()).limit(1)).first()
