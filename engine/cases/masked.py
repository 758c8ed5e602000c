"""A case file as someone who may not see a confidential petitioner reads it
(Art. 170; queries.sees_identity): every free text an officer or the
petitioner wrote (the words, a reply, a note, a reason, an opinion, a
comment) with the petitioner's name, address, e-mail and phone masked
(engine/data/masking.Identity). The stored rows stay whole."""
from __future__ import annotations

from dataclasses import dataclass, field, is_dataclass, replace
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


@dataclass
class Titles:
    """Other cases' titles as `viewer` may read them: a confidential case's
    own petitioner masked where the viewer may not see them, and `also`
    (the petitioner of the case on the page, hidden from the viewer) wherever
    named, since a related case naming them would tell who filed it. Asks
    once for the confidential cases it has not met (no statement when none)."""
    viewer: object
    also: Identity | None = None
    people: dict = field(default_factory=dict)   # number -> Identity, or None: shown

    def rows(self, conn, found: list) -> list:
        """Rows or dicts (number, title, confidential, ...), titles as seen."""
        self._learn(conn, [_get(r, "number") for r in found if _get(r, "confidential")])
        return [_titled(r, self.title(_get(r, "number"), _get(r, "title"))) for r in found]

    def title(self, number: str, title: str | None) -> str | None:
        who = self.people.get(number)
        title = who.redact(title) if who is not None else title
        return self.also.redact(title) if self.also is not None else title

    def _learn(self, conn, numbers: list) -> None:
        new = set(numbers) - self.people.keys()
        if new:
            found = hidden(conn, self.viewer, new)
            self.people.update({n: found.get(n) for n in new})


def listed(conn, viewer, found: list) -> list:
    """Inbox rows (the page, the API) with their titles as `viewer` may read
    them. A search's rows are already those it finds by the titles as read
    (queries.searched: a search for a name must not tell which case that
    person filed, and a page must not come short of its rows)."""
    return Titles(viewer).rows(conn, found)


def _get(r, key: str):
    return r[key] if isinstance(r, dict) else getattr(r, key)


def _titled(r, title):
    """`r` with its title `title` (itself when unchanged)."""
    if title == _get(r, "title"):
        return r
    if isinstance(r, dict):
        return {**r, "title": title}
    return SimpleNamespace(**{**(r._asdict() if hasattr(r, "_asdict") else vars(r)), "title": title})


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
