"""Turns the notices a command asked for (transfer, model `notify(...)` calls)
into outbox rows, in the command's transaction."""
from __future__ import annotations

from collections import namedtuple
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy import case as when

from engine.data.prepared import Prepared
from engine.scheduling import outbox
from engine.data.schema import agency, petitioner, task
from engine.models.functions import case_function
from engine.models.task_names import pick, split_bilingual

DEFAULTS = ("reason", "from_agency", "to_agency", "new_due", "old_due", "reply_text",
            "recipient_name", "overdue", "due_today", "lines", "task")


def enqueue_all(cmd) -> None:
    for i, notice in enumerate(cmd.notices):
        recipient, name = _recipient(cmd, notice["to"])
        if not recipient:
            cmd.record("notice_skipped", kind=notice["kind"], to=notice["to"],
                       reason="no address on file")
            continue
        params = _params(cmd, notice, name)
        outbox.enqueue(cmd.conn, case_id=cmd.case_id, kind=notice["kind"],
                       recipient=recipient, locale=_locale(cmd, notice),
                       params=params, now=cmd.now,
                       dedupe_key=f"case:{cmd.case_id}:v{cmd.new_version}:{i}:{notice['kind']}")


_PETITIONER_ADDRESS = Prepared(select(petitioner.c.email, petitioner.c.name)
                               .where(petitioner.c.case_id == bindparam("cid")))
_AGENCY_ADDRESS = Prepared(select(agency.c.email, agency.c.name_zh)
                           .where(agency.c.code == bindparam("code")))


def _recipient(cmd, to: str) -> tuple[str | None, str]:
    if "@" in to:
        return to, ""
    if to == "petitioner":
        row = _PETITIONER_ADDRESS.run(cmd.conn, {"cid": cmd.case_id}).first()
    else:
        code = cmd.case.responsible_agency if to == "agency" else to
        row = _AGENCY_ADDRESS.run(cmd.conn, {"code": code}).first()
    return (row[0], row[1]) if row else (None, "")


def _agency_name(cmd, code, locale) -> str:
    if not code:
        return ""
    row = cmd.conn.execute(select(agency.c.name_zh, agency.c.name_en)
                           .where(agency.c.code == code)).first()
    if row is None:
        return code
    return row.name_en if locale == "en" else row.name_zh


def _locale(cmd, notice) -> str:
    """A notice to a member of staff may name the reader's language; a letter
    to the petitioner is in the case's; an agency's mailbox is read in
    Chinese (an English petition does not make its bureau's reminders English)."""
    if notice.get("locale"):
        return outbox.normalize_locale(notice["locale"])
    return outbox.normalize_locale(cmd.case.language if notice["to"] == "petitioner" else None)


def _params(cmd, notice, name) -> dict:
    locale = _locale(cmd, notice)
    given = dict(notice["params"])
    open_task = _step(cmd, notice)
    due = open_task.due_at if open_task and open_task.due_at else None
    params = {k: "" for k in DEFAULTS}
    params.update(
        case_number=cmd.case.number, title=cmd.case.title or "", recipient_name=name,
        agency=_agency_name(cmd, _greeted(cmd, notice, open_task), locale),
        task=pick(*split_bilingual(open_task.name), locale) if open_task else "",
        due=outbox.format_day(due, locale) if due else "",
        received=outbox.format_day(cmd.received_at, locale),
        date=outbox.format_day(cmd.now, locale))
    for key in ("from", "to"):
        if key in given:
            params[f"{key}_agency"] = _agency_name(cmd, given.pop(key), locale)
    params.update({k: _said(v, locale) for k, v in given.items()})
    return params


_OPEN_STEPS = select(task.c.name, task.c.due_at, task.c.candidate_agency).where(
    task.c.case_id == bindparam("cid"), task.c.state == "ready")
Step = namedtuple("Step", ["name", "due_at", "agency"])
_SOONEST_STEP = Prepared(_OPEN_STEPS.order_by(task.c.due_at).limit(1), row=Step)
# The step a notice was raised for while it is open, else the addressed
# agency's own step due soonest, else the case's ('' matches nothing).
_NAMED_STEP = Prepared(_OPEN_STEPS.order_by(
    when((task.c.id == bindparam("tid"), 1), else_=0).desc(),
    when((task.c.candidate_agency == bindparam("code"), 1), else_=0).desc(),
    task.c.due_at).limit(1), row=Step)


def _step(cmd, notice):
    """The open step a notice names: the one it was raised for (`task_id`:
    an officer's step, or the step a timer is attached to) while it is open;
    for a notice to an agency (a code), that agency's open step due soonest
    (a co-handling agency's reminder names its own step); else the case's
    open step due soonest."""
    code = _agency_code(notice["to"])
    if notice.get("task_id") or code:
        return _NAMED_STEP.run(cmd.conn, {"cid": cmd.case_id, "tid": notice.get("task_id") or "",
                                          "code": code or ""}).first()
    return _SOONEST_STEP.run(cmd.conn, {"cid": cmd.case_id}).first()


def _agency_code(to: str) -> str | None:
    """The agency a notice is addressed to by its code (`notify(.., to='EPB')`)."""
    return None if "@" in to or to in ("petitioner", "agency") else to


# Kinds whose {agency} is the reader's own ("{agency} 承辦人您好").
_GREET_READER = frozenset({"reminder", "supplement_answered", "digest"})


def _greeted(cmd, notice, step=None) -> str | None:
    """The agency a notice names: the one it says (`agency`); the agency it
    goes to when it greets its reader, or when a step's timer raised it and
    the step it names is that agency's own (a co-handling agency's overdue
    opinion names that agency as its handler); else the case's responsible
    agency: the sender of a reply to another agency, and the lead bureau a
    coordinator is referred a disagreement about (主辦機關)."""
    code = _agency_code(notice["to"])
    own_step = notice.get("task_id") is not None and step is not None and step.agency == code
    its_own = code if code and (notice["kind"] in _GREET_READER or own_step) else None
    return (notice.get("agency") or its_own or cmd.responsible_agency
            or cmd.case.responsible_agency)


def _said(value, locale: str) -> str:
    """A model's parameter as the notice says it: an instant (a datetime or its
    ISO text, e.g. `due=due_at`) as the reader's date, anything else as text."""
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime) and value.tzinfo is not None:
        return outbox.format_day(value, locale)
    return str(value)


@case_function("can_notify", repeatable=True)
def can_notify(cmd, to="petitioner") -> bool:
    """Whether notify(kind, to=...) would reach someone: an e-mail address on
    file. A model asks before sending a reply, so a phone-only petitioner's
    reply goes to a person instead of being skipped."""
    return bool(_recipient(cmd, str(to))[0])


@case_function("record_contact")
def record_contact(cmd, email=None, address=None) -> bool:
    """The petitioner gave a new e-mail or postal address (e.g. when called
    about an undeliverable reply); the audit names which, never the values."""
    given = {k: str(v).strip() for k, v in (("email", email), ("address", address))
             if v and str(v).strip()}
    if not given:
        return False
    exists = cmd.conn.execute(select(petitioner.c.case_id).where(
        petitioner.c.case_id == cmd.case_id)).first()
    if exists:
        cmd.conn.execute(petitioner.update().where(petitioner.c.case_id == cmd.case_id)
                         .values(**given))
    else:
        cmd.conn.execute(petitioner.insert().values(case_id=cmd.case_id, **given))
    cmd.record("contact_recorded", fields=sorted(given))
    return True
