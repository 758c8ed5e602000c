"""What waits for a supervisor's decision: the open user tasks whose role is
`supervisor` (an extension to approve, a disagreement to coordinate) in the
agencies the supervisor sees (scope.py), oldest first.

What the request says comes from the model: a task declared
`not_by="handle" reason="extension_reason" adds_days="extension_days"` was
asked for by whoever completed the latest `handle`, with that form's reason
and working days; the proposed deadline is the task's due date moved by
those days on the government calendar, as the model's `extend` script will.

What the case is about (`about=True`, the web pages): its subject and the
person's words as the task page shows them beside this task (the model's
`shows`), never the petitioner's identity (Art. 170: no supervisor sees a
confidential petitioner), read from the stored summary and, for what the
summary leaves out (long texts), the audit trail: one query for all rows.

The list costs the same few statements however many rows it has: the
viewer's agencies, the open tasks, every request's latest ask at once, the
calendar's cached probe when some request adds days, and with `about` the
trail's long texts; the navigation's badge (count) costs the tasks and who
asked them, or the tasks alone when nothing waits. The models' declarations
are cached per definition.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache

from sqlalchemy import func, null, select

from engine.cases import contact, masked, queries
from engine.cases.actors import can_work
from engine.cases.casefile import case_fields
from engine.data.schema import audit, case, task
from engine.models import identity
from engine.models.case_parts import shown, words_field
from engine.time.calendar import WorkingCalendar
from engine.time.deadlines import after_working_days

from .scope import board_scope

ROLE = "supervisor"


@dataclass(frozen=True)
class Decision:
    task_id: str
    element_id: str
    definition_id: int
    task_name: str
    agency: str | None
    case_number: str
    case_title: str | None
    waiting_since: datetime
    due_at: datetime | None
    assignee: str | None
    request: bool = False          # someone asked for it (the model declares not_by)
    requested_by: str | None = None
    confidential: bool = False     # Art. 170: its texts are masked for most (_as_seen)
    reason: str | None = None
    asked_days: int | None = None
    proposed_due: datetime | None = None
    asked: dict = field(default_factory=dict, hash=False)   # the asking form, whole
    # What the case is about (read with about=True): the subject (else the
    # title), the person's words ("" where the task shows none), the category
    # code (None where the task shows none) and the language of the words.
    subject: str = ""
    words: str = ""
    category: str | None = None
    language: str | None = None

    def mine(self, username: str) -> bool:
        """The viewer asked for it: another supervisor decides."""
        return self.requested_by == username

    def decidable_by(self, actor) -> bool:
        """`actor` (engine.cases.actors.Actor) may decide it: their agency's, not their own."""
        return can_work(actor, self.agency, ROLE) and not self.mine(actor.username)


def _open(conn, viewer):
    """Where-clauses of the open supervisor tasks `viewer` may see."""
    scope = board_scope(conn, viewer)   # NotAllowed unless a supervisor or an admin
    clauses = [task.c.state == "ready", task.c.candidate_role == ROLE]
    if scope is not None:
        clauses.append(task.c.candidate_agency.in_(sorted(scope)))
    return clauses


def count(conn, viewer) -> int:
    """How many wait for the viewer themselves (the navigation's badge): their
    own agency's, since only its supervisors may work its tasks (an
    administrator: all), less the requests they made themselves."""
    if "admin" not in viewer.roles and ROLE not in viewer.roles:
        return 0
    clauses = [task.c.state == "ready", task.c.candidate_role == ROLE]
    if "admin" not in viewer.roles:
        clauses.append(task.c.candidate_agency == viewer.agency)
    rows = conn.execute(select(task.c.id, task.c.element_id, task.c.case_id, case.c.definition_id)
                        .join(case, case.c.id == task.c.case_id).where(*clauses)).all()
    if not rows:
        return 0   # the common case on every page: nothing waits, nothing more read
    asks = _asks(conn, rows)
    askers = _requests(conn, set(asks.values()), forms=False)   # who asked is all it needs
    mine = sum(askers[key][0] == viewer.username for key in asks.values() if key in askers)
    return len(rows) - mine


def waiting(conn, viewer, *, about: bool = False) -> list[Decision]:
    """The decisions waiting, oldest first, each with what was asked (and
    with `about`: what the case is about)."""
    return _as_seen(conn, viewer, _decisions(conn, _open(conn, viewer), about))


def one(conn, viewer, task_id: str, *, about: bool = False) -> Decision | None:
    """One waiting decision the viewer may see, else None."""
    found = _decisions(conn, [*_open(conn, viewer), task.c.id == task_id], about)
    return _as_seen(conn, viewer, found)[0] if found else None


def _as_seen(conn, viewer, found: list[Decision]) -> list[Decision]:
    """Art. 170: a confidential petitioner named in a request's reason, the
    title or the words is masked for a viewer who may not see them (one
    statement, only when a confidential case waits)."""
    people = masked.hidden(conn, viewer, [d.case_number for d in found if d.confidential])
    return [_masked(d, people[d.case_number]) if d.case_number in people else d for d in found]


def _masked(d: Decision, who) -> Decision:
    return replace(d, case_title=who.redact(d.case_title), reason=masked.value(d.reason, who),
                   asked=masked.value(d.asked, who), subject=who.redact(d.subject),
                   words=who.redact(d.words))


def _decisions(conn, clauses, about: bool = False) -> list[Decision]:
    rows = conn.execute(select(
        task.c.id, task.c.element_id, task.c.name, task.c.candidate_agency, task.c.created_at,
        task.c.due_at, task.c.assignee, task.c.case_id, case.c.number, case.c.title,
        case.c.definition_id, case.c.process_key, case.c.summary, case.c.category,
        case.c.language, case.c.confidential).join(case, case.c.id == task.c.case_id)
        .where(*clauses).order_by(task.c.created_at, task.c.id)).all()
    asks = _asks(conn, rows)
    asked = _requests(conn, set(asks.values()))
    cal = cache(lambda: WorkingCalendar.load(conn))   # read only if some request adds days
    found = [_decision(conn, r, asked.get(asks[r.id], (None, {})) if r.id in asks else None, cal)
             for r in rows]
    if not about:
        return found
    abouts = _about(conn, rows)
    return [Decision(**{**d.__dict__, **abouts[r.id]}) for d, r in zip(found, rows)]


def _asks(conn, rows) -> dict[str, tuple[int, str]]:
    """{task id: (case id, the element whose latest completion asked)} of the
    rows whose model declares who asked (`not_by`); declarations are cached."""
    out = {}
    for r in rows:
        meta = queries.task_meta(conn, r.definition_id, r.element_id)
        if meta is not None and meta.not_by:
            out[r.id] = (r.case_id, meta.not_by)
    return out


def _decision(conn, r, asked: tuple[str | None, dict] | None, cal) -> Decision:
    """The row's Decision; `asked`: (who asked, their form) where the model
    declares a request, else None; `cal()`: the working calendar."""
    base = Decision(r.id, r.element_id, r.definition_id, r.name, r.candidate_agency, r.number,
                    r.title, r.created_at, r.due_at, r.assignee,
                    confidential=bool(r.confidential))
    if asked is None:
        return base
    asker, form = asked
    meta = queries.task_meta(conn, r.definition_id, r.element_id)
    days = form.get(meta.adds_days) if meta.adds_days else None
    days = days if isinstance(days, int) and not isinstance(days, bool) else None
    proposed = after_working_days(r.due_at, days, cal()) if days and r.due_at else None
    return Decision(**{**base.__dict__, "request": True, "requested_by": asker,
                       "reason": form.get(meta.reason) if meta.reason else None,
                       "asked_days": days, "proposed_due": proposed, "asked": form})


def _requests(conn, wanted: set, forms: bool = True) -> dict[tuple[int, str], tuple]:
    """{(case id, element id): (who completed the case's latest such task,
    its form)} for the pairs `wanted`, in one query: the form whole from the
    audit trail (the case summary shortens long texts); `forms=False`: {}."""
    if not wanted:
        return {}
    completed = audit.join(task, task.c.id == audit.c.task_id)
    latest = select(func.max(audit.c.id)).select_from(completed).where(
        audit.c.action == "complete", audit.c.case_id.in_(sorted({c for c, _ in wanted})),
        task.c.element_id.in_(sorted({e for _, e in wanted}))
    ).group_by(audit.c.case_id, task.c.element_id)
    detail = audit.c.detail if forms else null()   # the badge leaves the forms unread
    out = {}
    for row in conn.execute(select(audit.c.case_id, task.c.element_id, audit.c.actor,
                                   detail.label("detail")).select_from(completed)
                            .where(audit.c.id.in_(latest))):
        key = (row.case_id, row.element_id)
        if key in wanted:   # the query's cross product may hold pairs nobody asked for
            out[key] = (row.actor, json.loads(row.detail or "{}").get("form") or {})
    return out


def _about(conn, rows) -> dict[str, dict]:
    """{task id: the Decision's subject, words, category and language}: what
    the case panel beside the task would show (casefile.read, case_data:
    the start data, the completed forms in order, then the summary), without
    the petitioner's identity whoever looks. The summary keeps only short
    values: what it lacks is read from the audit trail, for all rows at once."""
    plans = []
    for r in rows:
        meta = queries.task_meta(conn, r.definition_id, r.element_id)
        parts = shown(meta.shows if meta else None)
        process = contact.declared_process(conn, r)
        own = _words_field_name(process) if "content" in parts else None
        keys = ["subject", *(["content"] if "content" in parts else []), *([own] if own else [])]
        plans.append((r, parts, process, own, keys, json.loads(r.summary or "{}")))
    stored = _stored(conn, {r.case_id for r, *_, keys, summary in plans
                            if any(k not in summary for k in keys)})
    out = {}
    for r, parts, process, own, keys, summary in plans:
        data = {**stored.get(r.case_id, {}), **summary}
        data = identity.without({k: data[k] for k in keys if k in data}, process)
        words = data.get("content") or (data.get(own) if own else None)
        out[r.id] = {"subject": str(data.get("subject") or r.title or ""),
                     "words": str(words or "") if "content" in parts else "",
                     "category": r.category if "category" in parts else None,
                     "language": r.language}
    return out


def _words_field_name(process) -> str | None:
    """The name of the field holding the person's words where it is not `content`."""
    found = words_field(process)
    return found.name if found else None


def _stored(conn, case_ids: set) -> dict[int, dict]:
    """{case id: its start data overlaid with every completed form, in order}
    (casefile.case_data without the summary), in one query."""
    if not case_ids:
        return {}
    out: dict[int, dict] = {}
    for row in conn.execute(select(audit.c.case_id, audit.c.action, audit.c.detail).where(
            audit.c.case_id.in_(sorted(case_ids)), audit.c.action.in_(("start", "complete")))
            .order_by(audit.c.id)):
        detail = json.loads(row.detail or "{}")
        part = detail.get("data" if row.action == "start" else "form")
        if isinstance(part, dict):
            out.setdefault(row.case_id, {}).update(case_fields(part))
    return out
