"""The case file an officer reads beside a task's form and on the case page:
the petitioner's words, the read-back record, channel and language, category
and district, location, files, the co-handling agencies' opinions, the reply,
earlier and linked cases, comments and the timeline.

Read through the access rules of `queries`: the case must be visible to the
viewer, linked cases are only those the viewer may see, and a confidential
petitioner's identity only reaches those `queries.sees_identity` allows.
Values stay codes here (channel, category, agency); the web layer shows them
by the model's labels.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from engine.data.masking import Identity
from engine.data.schema import audit, task
from engine.models import conditions, identity
from engine.models.case_parts import shown, words_field
from engine.time.clock import parse_iso

from . import cited, contact, kept, masked, queries

# Audit details a timeline may show: never case data, never the petitioner.
SHOWN_DETAIL = ("from", "to", "reason", "proposed_due", "note", "filename")
INSTANT_DETAIL = ("proposed_due",)
READ_BACK = ("read_back_text", "read_back_confirmed", "read_back_corrections")
EARLIER = ("earlier_case", "linked_case")
OPINION_FIELD, AGREES_FIELD = "co_opinion_text", "co_agrees"


@dataclass
class Opinion:
    agency: str | None
    opinion: str = ""
    agrees: bool | None = None
    at: datetime | None = None
    pending: bool = False      # asked, not yet given


@dataclass
class Entry:
    at: datetime
    actor: str
    action: str
    element: str = ""
    detail: list = field(default_factory=list)   # [(key, value)] from SHOWN_DETAIL
    ref: int | None = None    # the audit row's id: a transfer is told beside its completion
    task_id: str | None = None


@dataclass(frozen=True)
class Transfer:
    """One 改分: the agency whose task chose another agency, the one chosen,
    when and why (the model's own words: the petition's transfer_reason)."""
    at: datetime
    from_agency: str | None   # None: the task's row is gone
    to_agency: str
    reason: str = ""
    ref: int | None = None    # the audit row of the completion that chose it


@dataclass
class CaseFile:
    case: object
    parts: frozenset
    petitioner: object = None          # the row, only when the viewer may see the identity
    identity_hidden: bool = False      # there is a petitioner the viewer may not see
    subject: str = ""
    content: str = ""
    contact: list = field(default_factory=list)   # [(label_zh, label_en, value)]: contact.py
    read_back: dict | None = None      # {"text", "confirmed", "corrections"}
    location: dict | None = None       # {"address", "lat", "long"}
    attachments: list = field(default_factory=list)
    opinions: list = field(default_factory=list)
    # reply_text, legal_basis, remedy, replied_at: read with the data whatever the
    # parts (no statement of its own; the task page's reply to deliver uses it)
    reply: dict = field(default_factory=dict)
    linked: list = field(default_factory=list)
    similar: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    # 改分: read with the data whatever the parts (the new agency reads where
    # the case came from and why beside any task's form; no statement of its own)
    transfers: list = field(default_factory=list)
    # Art. 170: the petitioner a viewer who may not see them reads masked in
    # every text of the file (engine/cases/masked.py); None: texts whole
    masking: Identity | None = None
    # Other cases' titles (linked, similar, cited) as the viewer may read them
    titles: masked.Titles | None = None
    # The case numbers its texts cite that the viewer may open (the page links
    # them; any other number stays plain text), the case's own among them
    openable: frozenset = frozenset()

    def shows(self, part: str) -> bool:
        return part in self.parts

    def redact(self, text):
        """A further text of the case (a supplement request, the case's
        title) as this file's viewer may read it."""
        return text if self.masking is None else self.masking.redact(text)

    def redact_rows(self, found: list, *texts: str) -> list:
        """Further rows of the case with their `texts` as the viewer may read them."""
        return found if self.masking is None else masked.rows(found, self.masking, *texts)


def read(conn, viewer: queries.Viewer, case_row,
         shows: list[str] | None = None) -> tuple[CaseFile, dict]:
    """The case file of a case the viewer may see (`case_row` from
    `queries.visible_case`), limited to the parts a task `shows` (None: all),
    and the case's data (`case_data`) it was made from, for a page that needs
    more of the data (the consent, a step's recalled answers) without reading
    it again. A viewer who may not see a confidential petitioner gets the
    data without the petitioner's fields (engine/models/identity)."""
    cf = CaseFile(case_row, shown(shows))
    done = completions(conn, case_row.id)   # read once: the data, opinions and reply
    data = case_data(conn, case_row, done)
    if not _identity(conn, viewer, cf, data):   # Art. 170: nothing below, nor the caller, holds them
        data = identity.without(data, contact.declared_process(conn, case_row))
    cf.subject = str(data.get("subject") or case_row.title or "")
    cf.content = words(conn, case_row, data) if cf.shows("content") else ""
    cf.contact = contact.of_case(conn, case_row, data) if cf.shows("content") else []
    cf.read_back = _read_back(data) if cf.shows("read_back") else None
    cf.location = location_of(data) if cf.shows("location") else None
    cf.reply = reply(case_row, done)
    cf.transfers = transfers(conn, case_row, done)
    loaders = {"attachments": lambda: queries.attachments(conn, case_row.id),
               "co_opinions": lambda: opinions(conn, case_row, done),
               "comments": lambda: queries.comments(conn, case_row.id),
               "timeline": lambda: timeline(conn, case_row.id)}
    for part, loader in loaders.items():
        if cf.shows(part):
            setattr(cf, "opinions" if part == "co_opinions" else part, loader())
    named = cited_in(conn, viewer, cf)
    if cf.shows("links"):
        _links(conn, viewer, cf, data, named)
    _transfers_in_timeline(cf)
    if cf.masking is not None:   # and not in the texts anyone wrote
        data = masked.file(cf, cf.masking, data)
    return cf, data


def words(conn, case_row, data: dict) -> str:
    """The person's words: `content`, or the start form's first long text
    where a model keeps them under its own name (the consumer complaint's
    爭議內容, `claim_text`: case_parts.words_field)."""
    if data.get("content"):
        return str(data["content"])
    field = words_field(contact.declared_process(conn, case_row))
    return str(data.get(field.name) or "") if field else ""


def cited_in(conn, viewer, cf: CaseFile) -> list[dict]:
    """The other cases the file's subject, words and reply cite that the
    viewer may open (read as the viewer reads them: Art. 170 masking first);
    sets `openable`, the numbers the page links."""
    texts = (cf.subject, cf.content, cf.reply.get("reply_text"), cf.case.title)
    found = cited.cited_cases(conn, viewer, cf.case, [cf.redact(str(t)) for t in texts if t])
    cf.openable = frozenset({cf.case.number, *(r["number"] for r in found)})
    return found


def _links(conn, viewer, cf: CaseFile, data: dict, named: list[dict] = ()) -> None:
    found = linked(conn, viewer, cf.case, data)
    linked_numbers = {r["number"] for r in found}   # a linked case is no longer "possible"
    found += [r for r in named if r["number"] not in linked_numbers]   # 內文提及
    linked_numbers |= {r["number"] for r in named}
    similar = [r for r in queries.similar_cases(conn, viewer, cf.case)
               if r.number not in linked_numbers]
    both = cf.titles.rows(conn, [*found, *similar])   # Art. 170: titles as seen, asked once
    cf.linked, cf.similar = both[:len(found)], both[len(found):]
    # a number their titles cite links as the file's own texts' do
    titles = [r["title"] for r in cf.linked] + [r.title for r in cf.similar]
    cf.openable = cited.openable(conn, viewer, titles, cf.openable)


def _identity(conn, viewer, cf: CaseFile, data: dict) -> bool:
    """Whether the viewer may see the petitioner (Art. 170), whichever parts
    the file shows; the file's petitioner row where it shows one, and for
    a viewer who may not, what to mask in free text (`masking`: the row and
    the identity fields of the case's `data`, read once)."""
    sees = queries.sees_identity(conn, viewer, cf.case)
    person = queries.petitioner_of(conn, cf.case.id)
    if person is not None and cf.shows("petitioner"):
        cf.petitioner, cf.identity_hidden = (person, False) if sees else (None, True)
    if not sees:
        cf.masking = identity.of_person(person, data, contact.declared_process(conn, cf.case))
    cf.titles = masked.Titles(viewer, cf.masking)
    return sees


@dataclass(frozen=True)
class Completion:
    at: datetime
    agency: str | None    # the agency of the task completed
    form: dict
    element: str = ""     # the step completed
    ref: int | None = None   # its audit row


def completions(conn, case_id: int) -> list[Completion]:
    """Every form completed on the case, in order, parsed once."""
    rows = conn.execute(select(audit.c.id, audit.c.at, audit.c.detail, task.c.candidate_agency)
                        .select_from(audit.outerjoin(task, task.c.id == audit.c.task_id))
                        .where(audit.c.case_id == case_id, audit.c.action == "complete")
                        .order_by(audit.c.id)).all()
    return [_completion(r) for r in rows]


def _completion(row) -> Completion:
    detail = json.loads(row.detail or "{}")
    return Completion(row.at, row.candidate_agency, detail.get("form") or {},
                      detail.get("element") or "", row.id)


def transfer_field(fields):
    """The form's transfer target, as engine/cases/transfer.py reads a model:
    its field of type `agency` asked only for one answer (`when`: the
    petition's competent_agency, when handling_action=transfer); None when
    the form transfers nothing (a coordinator's 主辦機關 is asked always)."""
    return next((f for f in fields if f.type == "agency" and f.when), None)


def transfers(conn, case_row, done: list[Completion]) -> list[Transfer]:
    """Each 改分 among the case's completions `done`: a form whose transfer
    field applied and named an agency; from the agency of the task completed
    (the model's own do_transfer moves the case from there)."""
    out = []
    for c in done:
        meta = queries.task_meta(conn, case_row.definition_id, c.element) if c.element else None
        target = transfer_field(meta.fields) if meta else None
        if target is None or not c.form.get(target.name) \
                or target.name not in conditions.applying(meta.fields, c.form):
            continue
        out.append(Transfer(c.at, c.agency, str(c.form[target.name]),
                            _transfer_reason(meta.fields, target, c.form), c.ref))
    return out


def _transfer_reason(fields, target, form: dict) -> str:
    """The transfer's own text (asked with its target: the petition's 改分理由)."""
    said = (form.get(f.name) for f in fields
            if f.when == target.when and f.type in ("text", "textarea"))
    return next((str(v) for v in said if v), "")


def _transfers_in_timeline(cf: CaseFile) -> None:
    """Beside the timeline's 完成工作 · 辦理並擬復 of a transfer: where the case
    went and why (the audit row it was read from: its id)."""
    by_ref = {t.ref: t for t in cf.transfers if t.ref is not None}
    for entry in cf.timeline if by_ref else ():
        if entry.ref in by_ref and entry.action == "complete":
            entry.detail.append(("transfer", by_ref[entry.ref]))


def case_data(conn, case_row, done: list[Completion] | None = None) -> dict:
    """What the case knows: the start data, every completed form in order
    (`done`: its completions, when read already), then the current summary
    (the workflow's short values)."""
    data = dict(queries.known_data(conn, case_row))
    for c in completions(conn, case_row.id) if done is None else done:
        data.update(case_fields(c.form))
    data.update(json.loads(case_row.summary or "{}"))
    return data


def case_fields(form: dict) -> dict:
    """What a completed form adds to the case's data: co-handling forms are
    one per agency, their opinions are not case data."""
    return {k: v for k, v in form.items() if k not in (OPINION_FIELD, AGREES_FIELD)}


def _read_back(data: dict) -> dict | None:
    if not any(data.get(k) not in (None, "") for k in READ_BACK):
        return None
    return {"text": data.get("read_back_text") or "",
            "confirmed": data.get("read_back_confirmed") is True,
            "corrections": data.get("read_back_corrections") or ""}


LAT_KEYS = ("lat", "location_lat")
LON_KEYS = ("long", "lon", "lng", "location_lon", "location_long", "location_lng")


def location_of(data: dict) -> dict | None:
    """Where the matter is: `location` (text or {address, lat, long}), or the
    flat keys the public form (location_address, location_lat/lon) and Open311
    (address, lat/long) use; None when nothing was given."""
    loc = data.get("location")
    nested = loc if isinstance(loc, dict) else {}
    address = (loc if isinstance(loc, str) else nested.get("address")) \
        or data.get("location_address") or data.get("address")
    lat, lon = _first_number((nested, data), LAT_KEYS), _first_number((nested, data), LON_KEYS)
    point = lat is not None and lon is not None
    out = {"address": str(address).strip() if address else "",
           "lat": lat if point else None, "long": lon if point else None}
    return out if out["address"] or point else None


def _first_number(sources, keys) -> float | None:
    return next((n for src in sources for k in keys if (n := _number(src.get(k))) is not None), None)


def _number(value) -> float | None:
    try:
        return None if value in (None, "") or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def opinions(conn, case_row, done: list[Completion]) -> list[Opinion]:
    """The co-handling agencies' opinions in `done` (the case's completions;
    the agency of the task that gave each), then the agencies still asked
    for one. A completion whose task row is gone names no agency: not an
    opinion anyone could be told apart by."""
    out = []
    for c in done:
        if OPINION_FIELD in c.form and c.agency:
            agrees = c.form.get(AGREES_FIELD)
            out.append(Opinion(c.agency, str(c.form[OPINION_FIELD] or ""),
                               agrees if isinstance(agrees, bool) else None, c.at))
    return out + _asked(conn, case_row)


def _asked(conn, case_row) -> list[Opinion]:
    """Open tasks whose form asks for a co-handling opinion."""
    asked = []
    for t in queries.case_tasks(conn, case_row.id):
        meta = queries.task_meta(conn, case_row.definition_id, t.element_id)
        if t.state == "ready" and meta and any(f.name == OPINION_FIELD for f in meta.fields):
            asked.append(Opinion(t.candidate_agency, pending=True))
    return asked


def reply(case_row, done: list[Completion]) -> dict:
    """The reply the petitioner was given (what they may read of it): the
    last of the case's completions `done` that wrote one."""
    out = dict(queries.reply_in(case_row, (c.form for c in reversed(done))))
    if out.get("replied_at"):
        out["replied_at"] = _instant(out["replied_at"])
    return out


def linked(conn, viewer: queries.Viewer, case_row, data: dict) -> list:
    """Linked cases (both directions), and an earlier case the data cites
    (a repeat petition's), each only if the viewer may see it."""
    # Seen from the earlier case, a repeat link names the later petition.
    rows = [dict(number=r.number, title=r.title, status=r.status, confidential=r.confidential,
                 kind="repeated_by" if (r.kind, r.direction) == ("repeat", "in") else r.kind)
            for r in queries.linked_cases(conn, viewer, case_row.id)]
    known = {r["number"] for r in rows} | {case_row.number}
    for key in EARLIER:
        number = data.get(key)
        if isinstance(number, str) and number not in known:
            other = queries.visible_case(conn, viewer, number=number)
            if other is not None:
                rows.append(dict(number=other.number, title=other.title, status=other.status,
                                 confidential=other.confidential,
                                 kind=data.get("link_kind") or "repeat"))
                known.add(number)
    return rows


def timeline(conn, case_id: int) -> list[Entry]:
    """The audit trail with only the details safe to show; instants as instants.
    A claim the system made (keep_with) is its own entry, `kept`, naming the
    step whose completion handed the task back (`kept_after`)."""
    out, done = [], None
    for row in queries.timeline(conn, case_id):
        detail = json.loads(row.detail or "{}")
        entry = _entry(row, detail)
        if row.action == "complete":
            done = (row.at, entry.element)
        elif kept.is_kept(row.action, detail):
            entry.action = kept.KEPT
            if kept.after(done, row.at):
                entry.detail.append(("kept_after", kept.after(done, row.at)))
        out.append(entry)
    return out


def _entry(row, detail: dict) -> Entry:
    shown_detail = [(k, _instant(detail[k]) if k in INSTANT_DETAIL else detail[k])
                    for k in SHOWN_DETAIL if detail.get(k)]
    if row.action == "service_call":   # the step's own name and what it did
        shown_detail.append(("service", {k: detail.get(k) for k in ("name", "function", "result")}))
    return Entry(row.at, row.actor, row.action, detail.get("element") or "", shown_detail, row.id,
                 row.task_id)


def _instant(value):
    """An ISO instant from an audit detail as a datetime (the page formats it)."""
    try:
        return parse_iso(value) if isinstance(value, str) else value
    except ValueError:
        return value
