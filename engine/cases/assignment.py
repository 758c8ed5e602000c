"""A supervisor hands an open task to another officer of its agency, or back
to the agency's queue (an officer leaves, is ill, has too much work).

Like claim/unclaim in runtime.py each is one transaction with its audit row;
the update only applies while the task is still open and held by whoever the
supervisor saw holding it, so a task someone finished or took meanwhile is
reported, never overwritten.
"""
from __future__ import annotations

from sqlalchemy import select, update

from engine.data import audit
from engine.data.errors import Conflict, EngineError, Forbidden, NotFound
from engine.data.schema import app_user, task

from .actors import Actor, can_work

ANY = object()   # no expectation about who holds the task


def supervises(actor: Actor, agency_code) -> bool:
    """A supervisor acts on their own agency's tasks; an administrator on any."""
    if "admin" in actor.roles:
        return True
    return actor.has("supervisor") and bool(agency_code) and agency_code == actor.agency


def open_task_for(conn, actor: Actor, task_id: str, expected=ANY):
    """The task row, if still open as the supervisor saw it and theirs to move."""
    row = conn.execute(select(task).where(task.c.id == str(task_id))).first()
    if row is None:
        raise NotFound("no such task", task_id=task_id, code="not_found")
    if not supervises(actor, row.candidate_agency):
        raise Forbidden("only a supervisor of the task's agency may move it",
                        code="not_supervisor", agency=row.candidate_agency)
    if row.state != "ready" or (expected is not ANY and row.assignee != expected):
        raise Conflict("the task was handled by someone else meanwhile", task_id=task_id,
                       code="handled_by_other")
    return row


def officer(conn, username: str) -> Actor | None:
    """The active user `username` as an Actor, or None."""
    row = conn.execute(select(app_user.c.username, app_user.c.agency_code, app_user.c.roles)
                       .where(app_user.c.username == username, app_user.c.active.is_(True))).first()
    if row is None:
        return None
    return Actor(row.username, row.agency_code, roles_of(row.roles))


def roles_of(text: str | None) -> frozenset:
    """A user row's roles, stored as "officer,supervisor"."""
    return frozenset(r.strip() for r in (text or "").split(",") if r.strip())


def reassign(engine, task_id: str, to_username: str, actor: Actor, expected=ANY) -> None:
    """Give the open task to `to_username`, who must be able to work on it."""
    with engine.db.begin() as conn:
        row = open_task_for(conn, actor, task_id, expected)
        target = officer(conn, to_username)
        if target is None:
            raise EngineError("no such active user", code="unknown_officer", officer=to_username)
        if not can_work(target, row.candidate_agency, row.candidate_role) or \
                (row.candidate_agency and target.agency != row.candidate_agency):
            raise Forbidden("the officer cannot work on this task", code="officer_cannot_work",
                            officer=to_username, agency=row.candidate_agency)
        if row.assignee == to_username:
            return   # already theirs: nothing to change, nothing to audit
        _move(conn, row, to_username)
        audit.record(conn, case_id=row.case_id, at=engine.clock.now(), actor=actor.username,
                     action="reassign", task_id=row.id, previous=row.assignee, to=to_username)


def return_to_queue(engine, task_id: str, actor: Actor, expected=ANY) -> None:
    """The open task goes back to its agency's queue, unassigned."""
    with engine.db.begin() as conn:
        row = open_task_for(conn, actor, task_id, expected)
        if row.assignee is None:
            return
        _move(conn, row, None)
        audit.record(conn, case_id=row.case_id, at=engine.clock.now(), actor=actor.username,
                     action="unclaim", task_id=row.id, previous=row.assignee)


def _move(conn, row, assignee) -> None:
    # Guarded on what was just read: a claim or completion in between is a conflict.
    res = conn.execute(update(task).where(
        task.c.id == row.id, task.c.state == "ready", _held_by(row.assignee))
        .values(assignee=assignee))
    if res.rowcount != 1:
        raise Conflict("the task changed meanwhile", task_id=row.id, code="handled_by_other")


def _held_by(assignee):
    return task.c.assignee.is_(None) if assignee is None else task.c.assignee == assignee
