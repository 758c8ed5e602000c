"""補正: an officer asks the petitioner to complete a petition, and the
case's deadline clock stands still until the answer comes.

`ask` stops the clock (engine/cases/extensions.py), keeps what was asked
(`supplement_request`) and queues the `supplement` notice to the petitioner;
`answer` keeps the answer (with any files the petitioner sent) and resumes
the clock, so the open deadlines and their timers move by the working days
lost. Each is one command: one transaction with its audit rows. Two people
doing the same at once: one wins, the other gets a Conflict whose `code`
the web layer words ("already_waiting", "not_waiting", "not_handling_step").
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update

from engine.data.errors import Conflict, Forbidden, InvalidData
from engine.data.schema import app_user, attachment, supplement_request, task
from engine.models.forms import FieldError

from . import deadline_moves, extensions
from .actors import Actor, require_work

MAX_TEXT = 4000
# Steps an officer handles for the petitioner (not intake's registration, not
# a supervisor's decision or coordination): where 補正 may be asked. Its answer
# follows the step's agency, or the lead's when asked on the lead's step; a
# supervisor's ruling step has no officer to see it.
HANDLING_ROLES = (None, "officer")
ANSWER_QUOTED = 1000   # of the answer, in the officer's notice (the case page has it all)
PETITIONER = Actor("petitioner", None, frozenset())   # the citizen on the status page


@dataclass(frozen=True)
class SentFile:
    """A file sent with the answer, its bytes already stored by content hash
    (webapp/attachments.py write_blob: the same bytes twice are one file)."""
    filename: str
    content_type: str
    size: int
    sha256: str
    storage_key: str


def ask(engine, task_id: str, actor: Actor, request: str, expected_version=None) -> None:
    """The officer handling `task_id` asks the petitioner for `request`."""
    text = checked_text("request", request)

    def body(cmd):
        asked_on = cmd.locked_task(task_id)
        _require_handler(actor, asked_on)
        if asked_on.candidate_role not in HANDLING_ROLES:
            raise Forbidden("補正 is asked on a step an officer handles for the petitioner",
                            task_id=task_id, code="not_handling_step")
        if _waits(cmd):   # the one check: on the case row the command locked
            raise Conflict("the case already waits for the petitioner",
                           case_id=cmd.case_id, code="already_waiting")
        extensions.stop_clock(cmd.conn, cmd.engine.clock, actor.username, cmd.case_id,
                              reason=text)
        cmd.conn.execute(insert(supplement_request).values(
            case_id=cmd.case_id, task_id=task_id, asked_by=actor.username,
            asked_at=cmd.now, request=text, on_lead_step=_lead_step(cmd, asked_on)))
        cmd.notices.append({"kind": "supplement", "to": "petitioner",
                            "params": {"reason": text}})
    engine.execute(None, actor, body, expected_version, task_id=task_id)


def _lead_step(cmd, row) -> bool:
    """Asked on the responsible agency's step (not a co-handling agency's):
    its answer follows the case to whichever agency is responsible later."""
    lead = cmd.responsible_agency or cmd.case.responsible_agency
    return row.candidate_agency is not None and row.candidate_agency == lead


def answer(engine, case_id: int, actor: Actor, text: str, files=(), task_id=None,
           expected_version=None) -> int:
    """The petitioner's answer, sent by the petitioner (PETITIONER) or recorded
    by the officer handling `task_id`; the clock runs again. Returns the
    working days the deadlines moved."""
    text = checked_text("answer", text)

    def body(cmd):
        if task_id is not None:
            _require_handler(actor, cmd.locked_task(task_id))
        waiting = _waiting(cmd)
        by_officer = actor is not PETITIONER   # he knows the answer: nothing new to mark
        cmd.conn.execute(update(supplement_request).where(
            supplement_request.c.id == waiting.id).values(
            answered_by=actor.username, answered_at=cmd.now, answer=text,
            **({"seen_by": actor.username, "seen_at": cmd.now} if by_officer else {})))
        _attach(cmd, actor, files)
        days = _move_deadlines(cmd, actor)
        if not by_officer:
            cmd.notices.append(answered_notice(cmd, waiting.task_id, text))
        return days
    return engine.execute(case_id, actor, body, expected_version)


def record_call(engine, task_id: str, actor: Actor, expected_version=None) -> None:
    """The officer handling `task_id` phoned the petitioner (who left no
    e-mail) about the open request: kept on it, audited as contact."""
    def body(cmd):
        _require_handler(actor, cmd.locked_task(task_id))
        waiting = _waiting(cmd)
        if waiting.phoned_at is not None:
            raise Conflict("the call was already recorded", case_id=cmd.case_id,
                           code="already_phoned")
        cmd.conn.execute(update(supplement_request).where(supplement_request.c.id == waiting.id)
                         .values(phoned_by=actor.username, phoned_at=cmd.now))
        cmd.record("contact_recorded", task_id)
    engine.execute(None, actor, body, expected_version, task_id=task_id)


def answered_notice(cmd, task_id, text: str) -> dict:
    """The 'supplement_answered' notice to whoever handles the step the request
    was asked on (that step named, with its moved deadline), or the case's open
    step due soonest when that one is finished: its officer (by e-mail, in
    their language), else its agency."""
    row = _told_task(cmd, task_id)
    to, locale = (row.email, row.locale) if row is not None and row.email else (
        row.candidate_agency if row is not None and row.candidate_agency else "agency", None)
    greeted = _greeted(row, by_mail="@" in to)
    # The step and its due date are named by notices._params (task_id: this step).
    return {"kind": "supplement_answered", "to": to, "params": {"answer": text[:ANSWER_QUOTED]},
            **({"task_id": row.id} if row is not None else {}),
            **({"locale": locale} if locale else {}), **({"agency": greeted} if greeted else {})}


def _greeted(row, by_mail: bool) -> str | None:
    """The agency the notice greets: the step's own (another agency's step,
    e.g. a co-handling one, goes to that agency's mailbox), or its officer's;
    None: the case's responsible agency, whose mailbox it then goes to."""
    if row is None:
        return None
    return row.candidate_agency or (row.agency_code if by_mail else None)


def _told_task(cmd, task_id):
    """The open task the answer concerns, with its holder's address and language."""
    q = (select(task.c.id, task.c.assignee, task.c.candidate_agency,
                app_user.c.email, app_user.c.locale, app_user.c.agency_code)
         .outerjoin(app_user, app_user.c.username == task.c.assignee)
         .where(task.c.case_id == cmd.case_id, task.c.state == "ready"))
    asked = cmd.conn.execute(q.where(task.c.id == task_id)).first() if task_id else None
    return asked or cmd.conn.execute(q.order_by(task.c.due_at).limit(1)).first()


def resume(cmd, actor: Actor) -> int:
    """Inside a command: the clock runs again (without an answer); the open
    deadlines and the timers computed from them move by the working days it
    stood still."""
    if not _waits(cmd):
        raise Conflict("the case does not wait for the petitioner",
                       case_id=cmd.case_id, code="not_waiting")
    return _move_deadlines(cmd, actor)


def _move_deadlines(cmd, actor: Actor) -> int:
    days = extensions.resume_clock(cmd.conn, cmd.engine.clock, actor.username, cmd.case_id)
    dues = dict(cmd.conn.execute(select(task.c.id, task.c.due_at).where(
        task.c.case_id == cmd.case_id, task.c.state == "ready",
        task.c.due_at.is_not(None))).all())
    deadline_moves.move(cmd, dues)
    return days


# -- reads ---------------------------------------------------------------
def open_request(conn, case_id: int):
    """The request still waiting for its answer, or None."""
    return conn.execute(select(supplement_request).where(
        supplement_request.c.case_id == case_id, supplement_request.c.answered_at.is_(None))
        .order_by(supplement_request.c.id.desc()).limit(1)).first()


def history(conn, case_id: int) -> list:
    """Every request of the case with its answer, oldest first."""
    return conn.execute(select(supplement_request).where(
        supplement_request.c.case_id == case_id).order_by(supplement_request.c.id)).all()


def checked_text(name: str, value) -> str:
    """The request or answer, stripped; InvalidData naming the field when it is
    empty or too long (the page shows it beside the field)."""
    text = str(value or "").strip()
    if not text:
        raise InvalidData(f"{name} is required", {name: FieldError("required", "required")})
    if len(text) > MAX_TEXT:
        raise InvalidData(f"{name} is too long", {name: FieldError(
            f"at most {MAX_TEXT} characters", "too_long", {"limit": MAX_TEXT})})
    return text


# -- helpers -------------------------------------------------------------
def _require_handler(actor: Actor, live) -> None:
    """The officer who claimed the step; a step in the queue, a supervisor of
    its agency. A held step is its holder's alone: a supervisor acts on it by
    reassigning it, not by asking or answering over the holder's head."""
    require_work(actor, live)
    if live.assignee != actor.username and not actor.has("supervisor"):
        raise Forbidden("only the officer handling the step or a supervisor may do this",
                        task_id=live.id, code="not_handler", holder=live.assignee)
    if live.assignee and live.assignee != actor.username:
        raise Forbidden("only the officer holding the step may do this",
                        task_id=live.id, code="held_by_other", holder=live.assignee)


def _waits(cmd) -> bool:
    """Whether the case (the row the command locked) waits for its petitioner."""
    return cmd.case.status == "open" and cmd.case.clock_stopped_at is not None


def _waiting(cmd):
    """The request the case waits on; a Conflict when it waits on none."""
    waiting = open_request(cmd.conn, cmd.case_id) if _waits(cmd) else None
    if waiting is None:
        raise Conflict("the case does not wait for the petitioner",
                       case_id=cmd.case_id, code="not_waiting")
    return waiting


def _attach(cmd, actor: Actor, files) -> None:
    for f in files:
        cmd.conn.execute(insert(attachment).values(
            case_id=cmd.case_id, filename=f.filename, content_type=f.content_type, size=f.size,
            sha256=f.sha256, storage_key=f.storage_key, uploaded_by=actor.username, at=cmd.now))
        cmd.record("attach", filename=f.filename)
