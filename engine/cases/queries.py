"""Read-side queries for the inbox and the case page, with the access scope
built in: every query takes the Viewer and returns only what their agency
may see. An officer sees the tasks of their agency and the cases their agency
holds or held a task in (or acted on); an administrator sees everything.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from datetime import datetime, timedelta

from sqlalchemy import (
    and_, bindparam, exists, func, literal, literal_column, not_, or_, select, true, union_all,
)

from engine.models.meta import ProcessMeta, TaskMeta, own_last, tasks_by_element
from engine.data.stopped_clock import clock_runs
from .supplement_unseen import answer_unseen
from . import hidden_matches, petitioner_keys
from engine.data.schema import (
    agency, attachment, audit, case, case_link, comment, petitioner,
    process_definition, satisfaction, task,
)

PAGE_SIZE = 50
VIEWS = ("mine", "queue", "completed")


@dataclass(frozen=True)
class Viewer:
    username: str
    agency: str
    roles: frozenset = field(default_factory=frozenset)

    @property
    def sees_all(self) -> bool:
        return "admin" in self.roles


@dataclass
class InboxFilter:
    view: str = "mine"
    process: str | None = None
    category: str | None = None
    due_within_days: int | None = None
    overdue: bool = False
    min_priority: int | None = None
    text: str | None = None
    due_before: datetime | None = None   # tasks due before this instant
    sort: str | None = None              # a key of SORTS; None: the view's default
    descending: bool = False
    limit: int = PAGE_SIZE
    offset: int = 0
    ignored: tuple = ()                  # (parameter, value) the web layer could not use

    @property
    def sort_key(self) -> str:
        return self.sort or ("completed" if self.view == "completed" else "due")

    @property
    def sort_descending(self) -> bool:
        return self.descending if self.sort else self.view == "completed"


INBOX_COLUMNS = (
    task.c.id, task.c.case_id, task.c.element_id, task.c.name, task.c.item, task.c.process_key,
    task.c.candidate_agency, task.c.candidate_role, task.c.assignee, task.c.state,
    task.c.priority, task.c.created_at, task.c.due_at, task.c.completed_at,
    task.c.completed_by, case.c.number, case.c.title, case.c.category, case.c.definition_id,
    case.c.status.label("case_status"),
    case.c.clock_stopped_at,   # 補正: the row says 待補正, not overdue
    case.c.confidential,   # Art. 170: its title masked for most (masked.listed)
    answer_unseen().label("supplemented"),   # 已補正: an answer its officer has not seen
)


# The columns an inbox may be sorted by (the query string names a key, never a column).
SORTS = {"due": task.c.due_at, "number": case.c.number, "task": task.c.name,
         "category": case.c.category, "priority": task.c.priority,
         "created": task.c.created_at, "completed": task.c.completed_at}


def inbox(conn, viewer: Viewer, f: InboxFilter, now: datetime) -> list:
    """One page of the viewer's tasks: soonest due first (completed: latest
    first), or by the whitelisted column `f.sort`."""
    clauses = [*_view_clauses(viewer, f.view), *_filter_clauses(f, now)]
    return page_of(conn, searched(conn, viewer, clauses, f, f.offset + f.limit), f)


def searched(conn, viewer: Viewer, clauses: list, f: InboxFilter, rows: int | None) -> list:
    """`clauses` without, for a search, the tasks it finds only by a name the
    viewer reads masked (Art. 170, hidden_matches): left out by the query, a
    page is full and its pager right. `rows`: how many of the list's first
    rows, in `f`'s order, the caller reads (None: all, a count)."""
    if not f.text:
        return clauses
    elsewhere = or_(*_found_elsewhere(_like(f.text)))
    reach = hidden_matches.Reach(tuple(_order(f)), SORTS[f.sort_key], rows)
    return hidden_matches.left_out(conn, clauses, f.text, not_(identity_shown(viewer)), elsewhere, reach)


CASE_SORTS = ("number", "category")   # sort keys that are columns of the case


def page_of(conn, clauses: list, f: InboxFilter) -> list:
    """One page of tasks with their case. When neither the filter nor the
    sort reads the case, the page's ids are chosen from the task table alone
    and only those rows are joined: rows skipped by OFFSET or sorted away
    (a priority sort reads the agency's whole queue) never read their case."""
    joined = select(*INBOX_COLUMNS).join(case, case.c.id == task.c.case_id)
    if f.category or f.text or f.sort_key in CASE_SORTS:
        q = joined.where(*clauses).order_by(*_order(f)).limit(f.limit).offset(f.offset)
        return conn.execute(q).all()
    ids = (select(task.c.id).where(*clauses).order_by(*_order(f))
           .limit(f.limit).offset(f.offset).subquery())
    return conn.execute(joined.join(ids, ids.c.id == task.c.id).order_by(*_order(f))).all()


def _order(f: InboxFilter) -> list:
    column = SORTS[f.sort_key]
    if f.sort_key == "due" and not f.sort_descending:
        # Exactly the order of the (agency, state, due) and (assignee, state, due)
        # indexes, so a page reads 50 index entries instead of sorting the
        # agency's whole queue. Undated tasks: first on SQLite, last on PostgreSQL.
        return [column]
    first = column.desc() if f.sort_descending else column.asc()
    if column.nullable:   # NULLS LAST on a NOT NULL column would keep PostgreSQL off its index
        first = first.nulls_last()
    return [first, task.c.due_at, task.c.id]   # ties: soonest due, then a stable order


COUNT_CAP = 100


def inbox_counts(conn, viewer: Viewer, cap: int = COUNT_CAP, now: datetime | None = None) -> dict:
    """How many tasks are in 'mine' and 'queue' (the tabs' badges), counted up
    to `cap` so a large agency's badge costs no more than a small one's; with
    `now`, also how many of each are overdue ('mine_overdue', 'queue_overdue'):
    the queue's overdue tasks show on the first screen, whichever tab opens."""
    views = ("mine", "queue")   # all in one statement: one round trip per page
    counts = [(view, _capped_count(viewer, view, cap)) for view in views]
    if now is not None:
        counts += [(f"{view}_overdue", _capped_count(viewer, view, cap, task.c.due_at < now))
                   for view in views]
    row = conn.execute(select(*(count.label(key) for key, count in counts))).one()
    return dict(zip((key for key, _ in counts), row))


def _capped_count(viewer: Viewer, view: str, cap: int, *more):
    capped = select(task.c.id).where(*_view_clauses(viewer, view), *more).limit(cap).subquery()
    return select(func.count()).select_from(capped).scalar_subquery()


# 'ready' written into the SQL, not bound: the queue's partial indexes (WHERE
# assignee IS NULL AND state = 'ready', migration 0012) serve a query only when
# it states the same literal (SQLite matches the terms; a PostgreSQL prepared
# statement's generic plan cannot prove a parameter equal to it).
READY = literal_column("'ready'")


def _role_ok(viewer: Viewer):
    """A task for no role or for one the viewer may work (actors.can_work: a
    supervisor also does their officers' work), so a supervisor's queue is
    the team view's queue, their decisions included."""
    roles = set(viewer.roles) | ({"officer"} if "supervisor" in viewer.roles else set())
    return or_(task.c.candidate_role.is_(None), task.c.candidate_role.in_(sorted(roles)))


def _view_clauses(viewer: Viewer, view: str) -> list:
    if view == "mine":
        return [task.c.assignee == viewer.username, task.c.state == "ready"]
    if view == "queue":
        return [task.c.candidate_agency == viewer.agency, task.c.state == READY,
                task.c.assignee.is_(None), _role_ok(viewer)]
    if view == "completed":
        return [task.c.completed_by == viewer.username, task.c.state == "completed"]
    raise ValueError(f"unknown inbox view {view!r}")


# A task whose case waits on its petitioner (補正) is neither overdue nor due
# soon: its deadline stands still (engine/data/stopped_clock.py).
CLOCK_RUNS = clock_runs(task.c.case_id)


def _filter_clauses(f: InboxFilter, now: datetime) -> list:
    out = []
    if f.process:
        out.append(task.c.process_key == f.process)
    if f.category:
        out.append(case.c.category == f.category)
    if f.due_within_days is not None:
        out += [task.c.due_at <= now + timedelta(days=f.due_within_days), CLOCK_RUNS]
    if f.overdue:
        out += [task.c.due_at < now, CLOCK_RUNS]
    if f.due_before is not None:
        out.append(task.c.due_at < f.due_before)
    if f.min_priority is not None:
        out.append(task.c.priority >= f.min_priority)
    if f.text:
        out.append(_text_matches(_like(f.text)))
    return out


def _like(text: str) -> str:
    return f"%{_escape_like(text.strip())}%"


def _text_matches(like: str):
    """The case's title or number, the task's name, or what the task is about
    (its item): the row reads 排定實地考評（鼓山區公所）, so 鼓山 finds it."""
    return or_(case.c.title.like(like, escape="\\"), *_found_elsewhere(like))


def _found_elsewhere(like: str) -> list:
    return [case.c.number.like(like, escape="\\"), task.c.name.like(like, escape="\\"),
            *_item_matches(like)]


def _item_matches(like: str) -> list:
    # An item that is an agency code is shown as the agency's name, so a name
    # that matches finds it too. The IN-subquery is uncorrelated: read once
    # from the small agency table, not per task.
    named = select(agency.c.code).where(or_(agency.c.name_zh.like(like, escape="\\"),
                                            agency.c.name_en.like(like, escape="\\")))
    return [task.c.item.like(like, escape="\\"), task.c.item.in_(named)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _shared_with(viewer: Viewer, case_id_col):
    """The case is shared with the viewer's agency, or the viewer acted on it."""
    if viewer.sees_all:
        return true()
    held = exists().where(task.c.case_id == case_id_col, task.c.candidate_agency == viewer.agency)
    acted = exists().where(audit.c.case_id == case_id_col, audit.c.actor == viewer.username)
    return or_(case.c.responsible_agency == viewer.agency, held, acted)


def visible_case(conn, viewer: Viewer, *, case_id: int | None = None, number: str | None = None):
    """The case row if the viewer may see it, else None (callers answer 404)."""
    by_number = case_id is None
    if viewer.agency is None:   # `= NULL` would not say what `IS NULL` says: built per call
        key = case.c.number == number if by_number else case.c.id == case_id
        return conn.execute(select(case).where(key, _shared_with(viewer, case.c.id))).first()
    return conn.execute(_visible_case(by_number, viewer.sees_all), {
        "key": number if by_number else case_id, "agency": viewer.agency,
        "username": viewer.username}).first()


def visible_numbers(conn, viewer: Viewer, numbers) -> list:
    """The cases among `numbers` the viewer may see, as visible_case decides
    (number, title, status, confidential): one statement for a page's many
    numbers, none when there are none. A number the viewer may not see reads
    as one that does not exist."""
    if not numbers:
        return []
    q = select(case.c.id, case.c.number, case.c.title, case.c.status, case.c.confidential).where(
        case.c.number.in_(sorted(set(numbers))), _shared_with(viewer, case.c.id))
    return conn.execute(q.order_by(case.c.number)).all()


@cache
def _visible_case(by_number: bool, sees_all: bool):
    """visible_case's statement, built once per shape: every API read and task
    page asks it, and building it anew cost more than running it."""
    key = (case.c.number if by_number else case.c.id) == bindparam("key")
    if sees_all:
        return select(case).where(key)
    held = exists().where(task.c.case_id == case.c.id,
                          task.c.candidate_agency == bindparam("agency"))
    acted = exists().where(audit.c.case_id == case.c.id, audit.c.actor == bindparam("username"))
    return select(case).where(key, or_(case.c.responsible_agency == bindparam("agency"),
                                       held, acted))


def visible_task(conn, viewer: Viewer, task_id: str):
    """The task row if it is the viewer's agency's (or assigned to them), else None."""
    row = conn.execute(select(task).where(task.c.id == task_id)).first()
    return row if row is not None and sees_task(viewer, row) else None


def sees_task(viewer: Viewer, row) -> bool:
    """Whether `viewer` may see task `row`: its agency's, held or completed by
    them, or an administrator (a command checks the row it read with this)."""
    return viewer.sees_all or viewer.username in (row.assignee, row.completed_by) \
        or (row.candidate_agency is not None and viewer.agency == row.candidate_agency)


def sees_identity(conn, viewer: Viewer, case_row) -> bool:
    """Art. 170: a confidential petitioner's name and contact reach only the
    intake office that registered the petition (an intake clerk of the agency
    that held its intake steps) and the officer responsible for the case (who
    holds or completed an officer's step of it in the responsible agency).
    Not other agencies' intake clerks, co-handling agencies, supervisors,
    administrators, nor the rest of the registering department."""
    if not case_row.confidential:
        return True
    return _intake_office(conn, viewer, case_row) or _responsible_officer(conn, viewer, case_row)


def _intake_office(conn, viewer: Viewer, case_row) -> bool:
    if "intake" not in viewer.roles:
        return False
    return conn.execute(select(exists().where(
        task.c.case_id == case_row.id, task.c.candidate_role == "intake",
        task.c.candidate_agency == viewer.agency))).scalar()


def _responsible_officer(conn, viewer: Viewer, case_row) -> bool:
    if not case_row.responsible_agency or viewer.agency != case_row.responsible_agency:
        return False
    return conn.execute(select(exists().where(
        task.c.case_id == case_row.id, task.c.candidate_agency == case_row.responsible_agency,
        or_(task.c.candidate_role.is_(None), task.c.candidate_role == "officer"),
        or_(task.c.assignee == viewer.username, task.c.completed_by == viewer.username)))).scalar()


def _rows_of_case(conn, table, case_id: int, order) -> list:
    return conn.execute(_of_case(table, order), {"case_id": case_id}).all()


@cache
def _of_case(table, order):
    """A case's rows of `table` in order, built once (the case page and the API read them)."""
    return select(table).where(table.c.case_id == bindparam("case_id")) \
        .order_by(table.c[order], table.c.id)


def case_tasks(conn, case_id: int) -> list:
    return _rows_of_case(conn, task, case_id, "created_at")


def timeline(conn, case_id: int) -> list:
    return _rows_of_case(conn, audit, case_id, "at")


def comments(conn, case_id: int) -> list:
    return _rows_of_case(conn, comment, case_id, "at")


def attachments(conn, case_id: int) -> list:
    return _rows_of_case(conn, attachment, case_id, "at")


def petitioner_of(conn, case_id: int):
    return conn.execute(_PETITIONER, {"case_id": case_id}).first()


_PETITIONER = select(petitioner).where(petitioner.c.case_id == bindparam("case_id"))


def satisfaction_of(conn, case_id: int):
    return conn.execute(select(satisfaction).where(satisfaction.c.case_id == case_id)).first()


def definition_of(conn, definition_id: int):
    return conn.execute(select(process_definition).where(
        process_definition.c.id == definition_id)).first()


def linked_cases(conn, viewer: Viewer, case_id: int) -> list:
    """Cases linked as repeat/related/duplicate, both directions, that the viewer
    may see; `direction` is "out" for a case this one links to (a repeat's
    earlier case), "in" for one linking to this (the later repeat)."""
    out_ = select(case_link.c.other_case_id.label("cid"), case_link.c.kind,
                  literal("out").label("direction")).where(case_link.c.case_id == case_id)
    in_ = select(case_link.c.case_id.label("cid"), case_link.c.kind,
                 literal("in").label("direction")).where(case_link.c.other_case_id == case_id)
    links = out_.union_all(in_).subquery()
    q = (select(case.c.id, case.c.number, case.c.title, case.c.status, case.c.confidential,
                links.c.kind, links.c.direction)
         .join(links, links.c.cid == case.c.id).where(_shared_with(viewer, case.c.id)))
    return conn.execute(q.order_by(case.c.received_at)).all()


def similar_cases(conn, viewer: Viewer, case_row, days: int = 14, limit: int = 10) -> list:
    """Possible duplicates: the same process and category, received within
    +-days, about the same place (district) or, for a case with no place (a
    consumer complaint), the same matter by its title (the business named).
    Category alone flagged every complaint about online shopping that fortnight."""
    if not case_row.category:
        return []
    received = case_row.received_at
    same = (case.c.district == case_row.district if case_row.district
            else case.c.title == case_row.title)
    q = select(case.c.id, case.c.number, case.c.title, case.c.status, case.c.received_at,
               case.c.confidential).where(
        case.c.received_at.between(received - timedelta(days=days), received + timedelta(days=days)),
        case.c.process_key == case_row.process_key, case.c.category == case_row.category,
        case.c.id != case_row.id, same, _shared_with(viewer, case.c.id))
    return conn.execute(q.order_by(case.c.received_at.desc()).limit(limit)).all()


def same_petitioner(conn, viewer: Viewer, case_row, days: int = 90, limit: int = 10) -> list:
    """Other cases of the same person: their petitioner gave the same phone
    (digits only) or e-mail (any case) as this case's, received from `days`
    before this one on. The matches come from the petitioner's keys by
    their indexes (key, received_at) (petitioner_keys, migration 0022), one
    seek per key. Only cases the viewer may see, and a confidential
    petitioner's other cases only where the viewer may see that identity
    (Art. 170), since the match itself would tell who filed it."""
    if case_row.confidential and not sees_identity(conn, viewer, case_row):
        return []
    person = petitioner_of(conn, case_row.id)
    if person is None:
        return []
    since = case_row.received_at - timedelta(days=days)
    found = [select(petitioner.c.case_id).where(column == key, petitioner.c.received_at >= since)
             for column, key in _keys_of(person) if key]
    if not found:
        return []
    # The matches first (a materialised IN list): the access checks then run on
    # those few cases only, not on every case of the period.
    matching = union_all(*found) if len(found) > 1 else found[0]
    q = select(case.c.id, case.c.number, case.c.title, case.c.status, case.c.received_at).where(
        case.c.id.in_(matching), case.c.id != case_row.id,
        _shared_with(viewer, case.c.id), identity_shown(viewer))
    return conn.execute(q.order_by(case.c.received_at.desc()).limit(limit)).all()


def _keys_of(person) -> list:
    """[(key column, this petitioner's key)], computed from the contact itself
    (the same rule the stored keys were written by)."""
    keyed = petitioner_keys.keys(person.phone, person.email)
    return [(petitioner.c.phone_key, keyed["phone_key"]), (petitioner.c.email_key, keyed["email_key"])]


def identity_shown(viewer: Viewer):
    """sees_identity as a clause on `case`: not confidential, or the viewer is
    of the intake office that registered it or its responsible officer (a
    list of many cases asks it once, engine/board/lists.py). Any task of the
    case: a list of tasks (hidden_matches) correlates only its case."""
    shown = [case.c.confidential.is_(False)]
    if "intake" in viewer.roles:
        shown.append(exists().where(task.c.case_id == case.c.id, task.c.candidate_role == "intake",
                                    task.c.candidate_agency == viewer.agency).correlate_except(task))
    shown.append(and_(case.c.responsible_agency == viewer.agency, exists().where(
        task.c.case_id == case.c.id, task.c.candidate_agency == case.c.responsible_agency,
        or_(task.c.candidate_role.is_(None), task.c.candidate_role == "officer"),
        or_(task.c.assignee == viewer.username, task.c.completed_by == viewer.username))
        .correlate_except(task)))
    return or_(*shown)


def processes(conn) -> list:
    """The latest version of each deployed process."""
    return conn.execute(_LATEST_PROCESSES).all()


def _latest_processes():
    latest = (select(process_definition.c.key, func.max(process_definition.c.version).label("v"))
              .group_by(process_definition.c.key).subquery())
    q = select(process_definition.c.id, process_definition.c.key, process_definition.c.version,
               process_definition.c.name, process_definition.c.deployed_at).join(
        latest, and_(latest.c.key == process_definition.c.key,
                     latest.c.v == process_definition.c.version))
    return q.order_by(process_definition.c.key)


# Built once: it has no parameters, and building it cost more than running it
# (every page with a process filter, and the navigation, reads it).
_LATEST_PROCESSES = _latest_processes()


_FORM_CACHE: dict[int, tuple[list, dict]] = {}   # definition id -> (processes, tasks by id)


def task_meta(conn, definition_id: int, element_id: str) -> TaskMeta | None:
    """The model's declaration of a task (form fields, role, due); definitions
    never change once deployed, so they are cached by id."""
    return _cached(conn, definition_id)[1].get(element_id)


def forget_definitions() -> None:
    """Drop the cached declarations (tests reuse definition ids across databases)."""
    _FORM_CACHE.clear()


def _cached(conn, definition_id: int) -> tuple[list, dict]:
    """The processes of a deployment (modelmeta.own_last) and their tasks by element id."""
    entry = _FORM_CACHE.get(definition_id)
    if entry is None:
        row = conn.execute(select(process_definition.c.key, process_definition.c.meta).where(
            process_definition.c.id == definition_id)).first()
        if row is None:
            return [], {}
        metas = own_last([ProcessMeta.from_dict(m) for m in json.loads(row.meta).values()], row.key)
        entry = _FORM_CACHE[definition_id] = (metas, tasks_by_element(metas))
    return entry


PUBLIC_REPLY_KEYS = ("outcome", "reply_text", "legal_basis", "remedy", "replied_at")


def reply_of(conn, case_row) -> dict:
    """What the petitioner may read of the outcome: the reply fields of the
    latest completion that wrote them (the summary truncates long texts)."""
    rows = conn.execute(select(audit.c.detail).where(
        audit.c.case_id == case_row.id, audit.c.action == "complete")
        .order_by(audit.c.id.desc())).scalars()
    return reply_in(case_row, (json.loads(detail or "{}").get("form") or {} for detail in rows))


def reply_in(case_row, forms) -> dict:
    """The reply fields of the first of `forms` (completed forms, latest
    first) that wrote a reply_text, over the case's summary; {} for none
    (the case file passes the forms it read already)."""
    for form in forms:
        if form.get("reply_text"):
            merged = {**json.loads(case_row.summary or "{}"), **form}
            return {k: merged[k] for k in PUBLIC_REPLY_KEYS if merged.get(k) not in (None, "")}
    return {}


def choice_labels(conn, definition_id: int, only_process: str | None = None) -> dict:
    """{field name: {value: (label_zh, label_en)}} over every task form of a
    definition (or of one of its processes), to show a stored code in words."""
    out: dict = {}
    for process in _cached(conn, definition_id)[0]:
        if only_process and process.process_id != only_process:
            continue
        for meta in process.tasks.values():
            for f in meta.fields:
                for value, zh, en in f.choices:
                    out.setdefault(f.name, {})[value] = (zh, en)
    return out


def task_metas(conn, definition_id: int) -> dict:
    """{element id: TaskMeta} of a definition (to name its steps)."""
    return _cached(conn, definition_id)[1]


def category_choices(conn, process_key: str | None = None,
                     latest: list | None = None) -> list[tuple[str, str, str]]:
    """[(value, label_zh, label_en)] of the `category` field over the latest
    version of every process (or of one), for a filter that offers words;
    `latest`: processes(conn) when the caller has read it already."""
    seen: dict = {}
    for p in latest if latest is not None else processes(conn):
        if process_key and p.key != process_key:
            continue
        for value, pair in choice_labels(conn, p.id, p.key).get("category", {}).items():
            seen.setdefault(value, pair)
    return [(value, zh, en) for value, (zh, en) in seen.items()]


def known_data(conn, case_row) -> dict:
    """The case data a form can start from: what the case was started with
    (the start audit keeps it whole) overlaid with the current summary."""
    detail = conn.execute(select(audit.c.detail).where(
        audit.c.case_id == case_row.id, audit.c.action == "start").limit(1)).scalar()
    started = json.loads(detail or "{}").get("data") or {}
    return {**started, **json.loads(case_row.summary or "{}")}
