"""補正: an officer asks the petitioner to complete a petition, and the
case's deadline clock stands still until the answer comes.

`ask` stops the clock (engine/cases/extensions.py), keeps what was asked
(`supplement_request`) and queues the `supplement` notice to the petitioner;
`answer` keeps the answer (with any files the petitioner sent) and resumes
the clock, so the open deadlines and their timers move by the working days
lost. Each is one command: one transaction with its audit rows. Two people
doing the same at once: one wins, the other gets a Conflict whose `code`
the web layer words ("already_waiting", "not_waiting").
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
        live = cmd.locked_task(task_id)
        _require_handler(actor, live)
        if cmd.case.status != "open" or cmd.case.clock_stopped_at is not None:
            raise Conflict("the case already waits for the petitioner",
                           case_id=cmd.case_id, code="already_waiting")
        _stop(cmd, actor, text)
        cmd.conn.execute(insert(supplement_request).values(
            case_id=cmd.case_id, task_id=task_id, asked_by=actor.username,
            asked_at=cmd.now, request=text))
        cmd.notices.append({"kind": "supplement", "to": "petitioner",
                            "params": {"reason": text}})
    engine.execute(None, actor, body, expected_version, task_id=task_id)


def answer(engine, case_id: int, actor: Actor, text: str, files=(), task_id=None,
           expected_version=None) -> int:
    """The petitioner's answer, sent by the petitioner (PETITIONER) or recorded
    by the officer handling `task_id`; the clock runs again. Returns the
    working days the deadlines moved."""
    text = checked_text("answer", text)

    def body(cmd):
        if task_id is not None:
            _require_handler(actor, cmd.locked_task(task_id))
        waiting = open_request(cmd.conn, cmd.case_id)
        if waiting is None or cmd.case.clock_stopped_at is None or cmd.case.status != "open":
            raise Conflict("the case does not wait for the petitioner",
                           case_id=cmd.case_id, code="not_waiting")
        cmd.conn.execute(update(supplement_request).where(
            supplement_request.c.id == waiting.id).values(
            answered_by=actor.username, answered_at=cmd.now, answer=text))
        _attach(cmd, actor, files)
        days = resume(cmd, actor)
        if actor is PETITIONER:   # the officer recording it himself knows already
            cmd.notices.append(answered_notice(cmd, waiting.task_id, text))
        return days
    return engine.execute(case_id, actor, body, expected_version)


def answered_notice(cmd, task_id, text: str) -> dict:
    """The 'supplement_answered' notice to whoever handles the step the request
    came from: its officer (by e-mail, in their language), else its agency."""
    row = cmd.conn.execute(select(task.c.assignee, task.c.candidate_agency, app_user.c.email,
                                  app_user.c.locale)
                           .outerjoin(app_user, app_user.c.username == task.c.assignee)
                           .where(task.c.id == task_id, task.c.state == "ready")).first()
    params = {"answer": text[:ANSWER_QUOTED]}
    if row is not None and row.email:
        return {"kind": "supplement_answered", "to": row.email, "locale": row.locale,
                "params": params}
    to = row.candidate_agency if row is not None and row.candidate_agency else "agency"
    return {"kind": "supplement_answered", "to": to, "params": params}


def resume(cmd, actor: Actor) -> int:
    """Inside a command: the clock runs again; the open deadlines and the timers
    computed from them move by the working days it stood still."""
    try:
        days = extensions.resume_clock(cmd.conn, cmd.engine.clock, actor.username, cmd.case_id)
    except extensions.DeadlineError:
        raise Conflict("the case does not wait for the petitioner",
                       case_id=cmd.case_id, code="not_waiting") from None
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
    """The officer who claimed the step, or a supervisor of its agency."""
    require_work(actor, live)
    if live.assignee != actor.username and not actor.has("supervisor"):
        raise Forbidden("only the officer handling the step or a supervisor may do this",
                        task_id=live.id, code="not_handler")


def _stop(cmd, actor: Actor, text: str) -> None:
    try:
        extensions.stop_clock(cmd.conn, cmd.engine.clock, actor.username, cmd.case_id,
                              reason=text)
    except extensions.DeadlineError:
        raise Conflict("the case already waits for the petitioner",
                       case_id=cmd.case_id, code="already_waiting") from None


def _attach(cmd, actor: Actor, files) -> None:
    for f in files:
        cmd.conn.execute(insert(attachment).values(
            case_id=cmd.case_id, filename=f.filename, content_type=f.content_type, size=f.size,
            sha256=f.sha256, storage_key=f.storage_key, uploaded_by=actor.username, at=cmd.now))
        cmd.record("attach", filename=f.filename)
