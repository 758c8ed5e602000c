"""補正 on the pages: what the task page and the citizen's status page need to
ask the petitioner to complete a petition and to take the answer
(engine/cases/supplements.py), and the refusals in the viewer's language."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app
from flask_babel import gettext as _

from engine.cases import queries, supplement_seen, supplements
from engine.data.errors import Conflict, InvalidData
from engine.data.masking import MASK

from . import attachments, public_form, task_conflict
from .command_errors import command_error
from .extensions import db
from .people import known_names


@dataclass
class Supplement:
    waiting: object = None        # the open request (supplement_request row), or None
    may_ask: bool = False         # the viewer may ask now (the form is shown)
    may_answer: bool = False      # the viewer may record the petitioner's answer
    errors: dict | None = None    # field -> error beside the field
    values: dict | None = None    # what the viewer typed, shown again
    answered: object = None       # the answer for this open task (the page's top), or None
    fresh: bool = False           # 已補正: nobody of the task had seen it before this look
    phone_only: object = None     # the petitioner, when told by phone only (no e-mail)
    phone_hidden: bool = False    # Art. 170: the viewer reads the number masked, not to dial
    unsent: list = field(default_factory=list)   # [(label, text)] refused, its form gone


def for_task(conn, c, t, user, cf, errors=None, values=None, refused=None) -> Supplement:
    """The task page's 補正 part for `user` on task `t` of case `c`, its
    texts and the person to phone as case file `cf` lets the viewer read them;
    `refused`: {"request"|"answer": text} of a post the engine refused."""
    waiting = (supplements.open_request(conn, c.id)
               if c.clock_stopped_at and c.status == "open" else None)
    handles = (t.state == "ready" and c.status == "open"
               and t.candidate_role in supplements.HANDLING_ROLES
               and (t.assignee == user.username
                    or (t.assignee is None and user.has_role("supervisor"))))   # a held step: its holder's
    person = queries.petitioner_of(conn, c.id)
    answered = supplement_seen.answer_for(conn, t)
    return _kept(Supplement(waiting=_one(cf, waiting), may_ask=handles and person is not None and waiting is None,
                      may_answer=handles and waiting is not None,
                      errors=errors or {}, values=values or {}, answered=_one(cf, answered),
                      fresh=answered is not None and answered.seen_at is None,
                      phone_only=_to_phone(cf, person) if person is not None and not person.email else None,
                      phone_hidden=cf.masking is not None), refused or {})


def _kept(s: Supplement, refused: dict) -> Supplement:
    """What a refused 補正 post carried, never lost: back in its form when the
    page still shows that form to this viewer, else read back to copy (the
    step is another officer's now, the answer came meanwhile)."""
    labels = {"request": _("What is missing"), "answer": _("The petitioner's answer")}
    for name, text in refused.items():
        if (s.may_ask if name == "request" else s.may_answer):
            s.values[name] = text
        elif text.strip():
            s.unsent.append((labels[name], text))
    return s


def _one(cf, row):
    """A request (and its answer) as the viewer may read it."""
    return row if row is None else cf.redact_rows([row], "request", "answer")[0]


def _to_phone(cf, person):
    """The petitioner to phone; for a viewer who may not see a confidential
    petitioner (Art. 170), named and numbered by the mask alone."""
    if cf.masking is None:
        return person
    return SimpleNamespace(name=MASK if person.name else None, phone=MASK if person.phone else None)


def seen(actor, t, s: Supplement, now) -> None:
    """The officer of the task looks at a fresh answer: the inbox's 已補正 goes."""
    if s.fresh:
        with db().begin() as conn:
            supplement_seen.mark_seen(conn, actor, t, now)


def refusal(exc, task_id=None) -> str:
    """A refused ask or answer, said the way the person would say it: a step
    taken meanwhile (reassigned, claimed, completed) says by whom."""
    code = (getattr(exc, "detail", None) or {}).get("code")
    if code is None and isinstance(exc, Conflict) and task_id is not None:
        with db().connect() as conn:   # the step is no longer open
            return task_conflict.words(conn, task_id, sending=True)
    if code == "not_handler":
        return _not_handler(exc.detail.get("holder"))
    words = {
        "already_waiting": _("Someone already asked the petitioner to complete this petition: "
                             "the case is waiting for the answer."),
        "not_waiting": _("The case no longer waits for the petitioner: the answer was "
                         "already recorded."),
        "not_handler": _("Only the officer handling this step or a supervisor can do this."),
        "not_handling_step": _("The petitioner is asked to complete a petition on a step an "
                               "officer handles, not on a decision or a registration."),
        "already_phoned": _("The call to the petitioner was already recorded."),
    }
    if code == "held_by_other":
        return _held(exc.detail.get("holder"))
    return words.get(code) or command_error(exc)


def _not_handler(holder) -> str:
    """The step is not the viewer's (any more): whose it is now, or that it
    went back to the agency's queue."""
    if holder is None:
        return _("This step is back in the agency's queue: claim it to ask the petitioner or "
                 "record the answer.")
    with db().connect() as conn:
        who = known_names(conn, [holder])[holder]
    return _("%(who)s now handles this step (it was reassigned or claimed meanwhile): only they "
             "can ask the petitioner or record the answer.", who=who)


def _held(holder) -> str:
    """Another officer holds the step: only he acts on it; a supervisor reassigns it first."""
    with db().connect() as conn:
        who = known_names(conn, [holder])[holder]
    return _("%(who)s holds this step: only the officer holding it can ask the petitioner or "
             "record the answer. A supervisor who wants to do it reassigns the step first.",
             who=who)


def answer_checked(text, uploads) -> list:
    """The petitioner's answer checked whole, storing nothing when refused:
    InvalidData with the text's and the files' errors together (one send
    shows both beside their fields); else the files checked as the petition
    form checks them (count, total size, kinds), stored by content hash as
    SentFile rows."""
    files = [(up.filename, up.read()) for up in uploads if up and up.filename]
    errors = {}
    try:
        supplements.checked_text("answer", text)
    except InvalidData as exc:
        errors.update(exc.errors)
    refused = public_form.file_error(files, current_app.config["MAX_CONTENT_LENGTH"])
    if refused:
        errors["files"] = refused
    if errors:
        raise InvalidData("the supplement was refused", errors)
    return [_stored(name, data) for name, data in files]


def _stored(filename: str, data: bytes):
    name, ctype = attachments.check(filename, data, current_app.config["MAX_CONTENT_LENGTH"],
                                    attachments.PUBLIC_TYPES)
    digest, key = attachments.write_blob(current_app.config["ATTACHMENT_DIR"], data)
    return supplements.SentFile(name, ctype, len(data), digest, key)
