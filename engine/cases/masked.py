"""A case file as someone who may not see a confidential petitioner reads it
(Art. 170; queries.sees_identity): every free text an officer or the
petitioner wrote (the words, a reply, a note, a reason, an opinion, a
comment) with the petitioner's name, address, e-mail and phone masked
(engine/data/masking.Identity). The stored rows stay whole."""
from __future__ import annotations

from dataclasses import is_dataclass, replace
from types import SimpleNamespace

from sqlalchemy import not_, select

from engine.data.masking import Identity, person_columns, split_person
from engine.data.schema import case, petitioner

from . import queries


def file(cf, who: Identity, data: dict) -> dict:
    """Mask the texts of case file `cf` in place; `data` (what it was made
    from, for the page's recalled answers and a model's own words) masked."""
    cf.subject, cf.content = who.redact(cf.subject), who.redact(cf.content)
    cf.contact = [(zh, en, who.redact(v)) for zh, en, v in cf.contact]
    cf.read_back = value(cf.read_back, who)
    cf.location = value(cf.location, who)
    cf.reply = value(cf.reply, who)
    cf.transfers = [replace(t, reason=who.redact(t.reason)) for t in cf.transfers]
    for o in cf.opinions:
        o.opinion = who.redact(o.opinion)
    for e in cf.timeline:
        e.detail = [(k, _detail(v, who)) for k, v in e.detail]
    cf.comments = rows(cf.comments, who, "body")
    cf.attachments = rows(cf.attachments, who, "filename")
    return value(data, who)


def hidden(conn, viewer, numbers) -> dict[str, Identity]:
    """{case number: its petitioner} of the confidential cases among `numbers`
    whose petitioner `viewer` may not see (a list of many cases: one
    statement, none when `numbers` is empty)."""
    if not numbers:
        return {}
    found = conn.execute(select(case.c.number, *person_columns())
                         .select_from(case.outerjoin(petitioner, petitioner.c.case_id == case.c.id))
                         .where(case.c.number.in_(sorted(set(numbers))),
                                not_(queries.identity_shown(viewer))))
    return {values["number"]: who for values, who in map(split_person, found)}


def value(v, who: Identity):
    """A stored value with its texts masked (dicts and lists through)."""
    if isinstance(v, str):
        return who.redact(v)
    if isinstance(v, dict):
        return {k: value(x, who) for k, x in v.items()}
    if isinstance(v, list):
        return [value(x, who) for x in v]
    return v


def rows(found: list, who: Identity, *texts: str) -> list:
    """Table rows (read only) as objects with the same names, `texts` masked."""
    return [SimpleNamespace(**{**r._asdict(), **{k: who.redact(getattr(r, k)) for k in texts}})
            for r in found]


def _detail(v, who: Identity):
    """A timeline detail: a text, or a transfer told beside its completion
    (casefile.Transfer); a service call's own words stay."""
    if is_dataclass(v) and hasattr(v, "reason"):
        return replace(v, reason=who.redact(v.reason))
    return who.redact(v) if isinstance(v, str) else v
