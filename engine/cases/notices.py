"""Turns the notices a command asked for (transfer, model `notify(...)` calls)
into outbox rows, in the command's transaction."""
from __future__ import annotations

import re
from collections import namedtuple
from datetime import date, datetime, time

from sqlalchemy import bindparam, select
from sqlalchemy import case as when

from engine.data.prepared import Prepared
from engine.scheduling import outbox
from engine.data.schema import agency, petitioner, process_definition, task
from engine.models.functions import case_function
from engine.models.task_names import pick, row_name, split_bilingual
from engine.time.clock import TAIPEI
from . import petitioner_keys

DEFAULTS = ("reason", "from_agency", "to_agency", "new_due", "old_due", "reply_text",
            "recipient_name", "overdue", "due_today", "lines", "task")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")   # a date field's value, as a model passes it
# A date or instant inside a model's text ('請於 ' + objection_due[:10] + ' 前提出').
_DAY_IN_TEXT = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}"
                          r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![\d-])")
# An agency's code as the admin page allows it (capitals, digits, - and _),
# with a letter: a case number or a year is never looked up.
_CODE = re.compile(r"(?=[A-Z0-9_-]*[A-Z])[A-Z0-9_-]{1,32}")
_CJK, _CJK_RUN = re.compile(r"[\u3400-\u9fff]"), re.compile(r"[\u3400-\u9fff]+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_JOIN = {"zh_TW": "、", "en": ", "}
_YES_NO = {"zh_TW": ("否", "是"), "en": ("no", "yes")}


def enqueue_all(cmd) -> None:
    known = _agencies(cmd) if cmd.notices else {}
    for i, notice in enumerate(cmd.notices):
        locale = _locale(cmd, notice)
        _keep_reply(cmd, notice, locale, known)
        recipient, name = _recipient(cmd, notice["to"], known, locale)
        if not recipient:
            cmd.record("notice_skipped", kind=notice["kind"], to=notice["to"],
                       reason="no address on file")
            continue
        params = _params(cmd, notice, name, known)
        outbox.enqueue(cmd.conn, case_id=cmd.case_id, kind=notice["kind"],
                       recipient=recipient, locale=locale,
                       params=params, now=cmd.now,
                       dedupe_key=f"case:{cmd.case_id}:v{cmd.new_version}:{i}:{notice['kind']}")


def _keep_reply(cmd, notice, locale: str, known: dict) -> None:
    """A model's reply to the petitioner (`notify('reply', reply_text=...)`)
    is kept on the case in the words sent, whether or not an e-mail can
    carry it: the citizen's status page reads it (engine/cases/replies_sent.py)."""
    text = notice["params"].get("reply_text")
    if notice["kind"] == "reply" and notice["to"] == "petitioner" and text:
        cmd.record("reply", text=_said(text, locale, known))


_PETITIONER_ADDRESS = Prepared(select(petitioner.c.email, petitioner.c.name)
                               .where(petitioner.c.case_id == bindparam("cid")))
_AGENCY_ADDRESS = Prepared(select(agency.c.email, agency.c.name_zh)
                           .where(agency.c.code == bindparam("code")))
_AGENCIES = select(agency.c.code, agency.c.name_zh, agency.c.name_en, agency.c.kind,
                   agency.c.email)


def _recipient(cmd, to: str, known=None, locale="zh_TW") -> tuple[str | None, str]:
    """(address, the reader's name); `known`: the agencies read for the
    command's notices (an agency's address is among them)."""
    if "@" in to:
        return to, ""
    if to == "petitioner":
        row = _PETITIONER_ADDRESS.run(cmd.conn, {"cid": cmd.case_id}).first()
        return (row[0], row[1]) if row else (None, "")
    code = cmd.case.responsible_agency if to == "agency" else to
    if known is not None:   # every agency addressed was read with the others
        found = known.get(code)
        return (found.email, _named(found, code, locale)) if found else (None, "")
    row = _AGENCY_ADDRESS.run(cmd.conn, {"code": code}).first()
    return (row[0], row[1]) if row else (None, "")


def _agencies(cmd) -> dict:
    """{code: row} of every agency the command's notices may name (who sends,
    who reads, a code among the model's values), in one statement for all of
    them: none per notice or per value."""
    codes = {cmd.responsible_agency, cmd.case.responsible_agency}
    for notice in cmd.notices:
        codes.update((notice.get("agency"), _agency_code(notice["to"])))
        codes.update(_codes(notice["params"].values()))
    codes.discard(None)
    codes.discard("")
    if not codes:
        return {}
    rows = cmd.conn.execute(_AGENCIES.where(agency.c.code.in_(sorted(codes))))
    return {row.code: row for row in rows}


def _codes(values):
    """The values (and list items) that may be agencies' codes."""
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from _codes(value)
        elif isinstance(value, str) and _CODE.fullmatch(value):
            yield value


def _named(row, code, locale) -> str:
    if not code:
        return ""
    if row is None:
        return code
    return row.name_en if locale == "en" else row.name_zh


def _signature(row, locale) -> str:
    """The sending agency's full name, as a letter is signed: the city
    government's agency (高雄市政府行政暨國際處); a district office is the
    city's (高雄市鼓山區公所); with no agency, the city government."""
    city = outbox.SENDER[locale]
    if row is None or row.kind == "government":
        return city
    if row.kind == "district":
        city = city.removesuffix("政府").removesuffix(" Government")
    return f"{row.name_en}, {city}" if locale == "en" else city + row.name_zh


def _locale(cmd, notice) -> str:
    """A notice to a member of staff may name the reader's language; a letter
    to the petitioner is in the case's; an agency's mailbox is read in
    Chinese (an English petition does not make its bureau's reminders English)."""
    if notice.get("locale"):
        return outbox.normalize_locale(notice["locale"])
    return outbox.normalize_locale(cmd.case.language if notice["to"] == "petitioner" else None)


def _params(cmd, notice, name, known: dict) -> dict:
    """The template's values; `known`: the agencies the notices name, by code."""
    locale = _locale(cmd, notice)
    given = dict(notice["params"])
    open_task = _step(cmd, notice)
    due = open_task.due_at if open_task and open_task.due_at else None
    params = {k: "" for k in DEFAULTS}
    code = _greeted(cmd, notice, open_task)
    sender = known.get(code) if code else None
    params.update(
        case_number=cmd.case.number, title=cmd.case.title or "", recipient_name=name,
        agency=_named(sender, code, locale), signed_by=_signature(sender, locale),
        task=row_name(open_task.name, open_task.element_id, locale) if open_task else "",
        due=outbox.format_day(due, locale) if due else "",
        received=outbox.format_day(cmd.received_at, locale),
        date=outbox.format_day(cmd.now, locale), kind=_kind(cmd, locale))
    for key in ("from", "to"):   # `from`/`to` name agencies too, as {from,to}_agency
        if key in given:
            given[f"{key}_agency"] = given.pop(key)
    params.update({k: _said(v, locale, known) for k, v in given.items()})
    return params


_PROCESS_NAME = Prepared(select(process_definition.c.name)
                         .where(process_definition.c.id == bindparam("id")))


def _kind(cmd, locale: str) -> str:
    """What the case is, as a letter about it names it: its process's name
    (人民陳情, 消費爭議; "consumer complaint" in an English sentence)."""
    name = _PROCESS_NAME.run(cmd.conn, {"id": cmd.case.definition_id}).scalar()
    zh, en = split_bilingual(name or "")
    en = en[:1].lower() + en[1:] if en[1:2].islower() else en   # not an acronym's
    return pick(zh, en, locale) or pick("陳情", "petition", locale)


_OPEN_STEPS = select(task.c.name, task.c.due_at, task.c.candidate_agency, task.c.element_id).where(
    task.c.case_id == bindparam("cid"), task.c.state == "ready")
Step = namedtuple("Step", ["name", "due_at", "agency", "element_id"])
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
    coordinator is referred a disagreement about (主辦機關). A transfer is
    sent by the agency that transfers it (Art. 172), never the one it goes to."""
    code = _agency_code(notice["to"])
    own_step = notice.get("task_id") is not None and step is not None and step.agency == code
    its_own = code if code and (notice["kind"] in _GREET_READER or own_step) else None
    return (notice.get("agency") or its_own or _transferred_from(notice)
            or cmd.responsible_agency or cmd.case.responsible_agency)


def _transferred_from(notice) -> str | None:
    """A transfer's `from` agency by its code (`from_agency=transferred_from`)."""
    if notice["kind"] != "transfer":
        return None
    given = notice["params"].get("from_agency") or notice["params"].get("from")
    return given if isinstance(given, str) and _CODE.fullmatch(given) else None


def _said(value, locale: str, known=None) -> str:
    """A model's parameter as the notice says it, never as Python prints it:
    an agency's code as its name (高雄市政府工務局), an instant or a date
    (`due=due_at`, 2026-03-02, or one inside a text) as the reader's date
    (民國115年3月2日), a list as its items (工務局、交通局), yes or no in
    words, a sentence in both languages as the reader's half; else as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _YES_NO[locale][value]
    if isinstance(value, (list, tuple, dict)):
        items = value.values() if isinstance(value, dict) else value
        return _JOIN[locale].join(_said(v, locale, known) for v in items)
    if isinstance(value, datetime):
        return _day_of(value.isoformat(), locale)
    if not isinstance(value, str):
        return str(value)
    if known and value in known:
        return _full_name(known[value], locale)
    if _DAY_IN_TEXT.fullmatch(value):
        return _day_of(value, locale)
    return _DAY_IN_TEXT.sub(lambda m: _day_of(m.group(), locale), _one_language(value, locale))


def _full_name(row, locale) -> str:
    """An agency a value names, as a letter names it: 高雄市政府交通局,
    高雄市鼓山區公所; in English its English name."""
    return row.name_en if locale == "en" else _signature(row, locale)


def _day_of(text: str, locale: str) -> str:
    """An ISO date or instant as the reader's date; one that is no date
    (2026-02-30) as written. An instant without a zone is Taipei's."""
    try:
        if _DAY.fullmatch(text):   # the day itself, at noon: no time zone moves it to another day
            return outbox.format_day(datetime.combine(date.fromisoformat(text), time(12), TAIPEI),
                                     locale)
        instant = datetime.fromisoformat(text)
    except ValueError:
        return text
    return outbox.format_day(instant if instant.tzinfo else instant.replace(tzinfo=TAIPEI), locale)


def _one_language(text: str, locale: str) -> str:
    """A model's sentence in both languages ('調解不成立。 / Mediation failed.')
    as the reader's half; any other text (an officer's reply) as written. A
    value both halves quote (a reference number 高市工務字第1150000001號) may
    be in the other language."""
    zh, sep, en = text.partition(" / ")
    if not sep or "\n" in text or " / " in en or not zh.rstrip().endswith(("。", "！", "？")):
        return text
    latin_zh, latin_en = set(_LATIN_RUN.findall(zh)), set(_LATIN_RUN.findall(en))
    bilingual = (_CJK.search(zh) and latin_en - latin_zh and latin_zh <= latin_en
                 and all(run in zh for run in _CJK_RUN.findall(en)))
    if not bilingual:
        return text
    return en.strip() if locale == "en" else zh.strip()


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
    if exists:   # a new e-mail is matched by its key from now on (petitioner_keys)
        keyed = {"email_key": petitioner_keys.normal_email(given["email"]) or None} \
            if "email" in given else {}
        cmd.conn.execute(petitioner.update().where(petitioner.c.case_id == cmd.case_id)
                         .values(**given, **keyed))
    else:
        cmd.conn.execute(petitioner.insert().values(
            petitioner_keys.row(cmd.case_id, cmd.received_at, given)))
    cmd.record("contact_recorded", fields=sorted(given))
    return True
