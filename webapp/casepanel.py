"""What the case panel template (macros/case_panel.html) needs: the case file
as the viewer may see it, words for the model's codes and the steps' names."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from engine.cases import casefile, closing, contact, queries, supplements
from engine.models import case_parts, conditions, identity, task_names
from engine.time.clock import parse_iso
from engine.time.deadlines import as_utc

from . import consent, labels, lead_agency
from .labels import agency_name
from .datetime_fields import datetime_input, stored_instant
from .extensions import runtime
from .i18n import current_locale, date_input, roc_date, taipei_dt


def context(conn, viewer: queries.Viewer, case_row, shows: list[str] | None = None,
            show_fields=()) -> dict:
    """`cf`, `labels`, `steps` and `recalled` for case_panel(cf, labels, steps, recalled),
    `done_steps`: the elements the case completed already, and `case_data`:
    the case's data as the viewer may read it (a form's starting values)."""
    cf, data = casefile.read(conn, viewer, case_row, shows)
    # 補正: each request to the petitioner and its answer (the panel's own section).
    cf.supplements = cf.redact_rows(supplements.history(conn, case_row.id), "request", "answer")
    # The personal-data consent the person gave on a public form, and to which
    # words: from the data the case file was made from, not read again.
    cf.consent = consent.of_case(data)
    cf.closing = closed_without_reply(conn, case_row, cf.reply, cf.redact)
    cf.lead = awaited_lead(conn, case_row, data)
    cf.deadlines = deadlines(case_row, cf.reply)
    words = labels.for_case(conn, case_row.definition_id)
    process = contact.declared_process(conn, case_row)
    words["words"] = _own_words(process, cf, data)
    words["person_concerned"] = bool(process and process.start and process.start.petitioner)
    words["asked"] = _asked(process)
    shown = {e.element for e in cf.timeline if e.element} | {
        v for e in cf.timeline for k, v in e.detail if k == "kept_after"}   # handed back after it
    tasks = queries.case_tasks(conn, case_row.id)
    done = completed(tasks, process)
    return {"cf": cf, "labels": words, "steps": steps(conn, case_row, shown, tasks),
            "recalled": recalled(process, data, show_fields, done),
            "done_steps": set(done), "case_data": data}


def closed_without_reply(conn, case_row, reply: dict, redact=lambda text: text):
    """結案說明: why the case ended with no reply of its own, as the citizen's
    status page says it (a repeat, an Art. 173 ground, a cancellation); None
    while it is open or has its reply (no statement then), and for another
    model's ending that wrote none (a booking done needs no words).
    `redact`: a cancellation's reason as the viewer may read it (Art. 170)."""
    told = closing.why(conn, case_row, reply)
    if told is None or told.kind == closing.CLOSED:
        return None
    return replace(told, reason=redact(told.reason))


def awaited_lead(conn, case_row, data: dict):
    """An open case not routed yet (an oral petition before its read-back):
    the lead agency the clerk chose at intake or the routing rules give
    (webapp/lead_agency.py), shown as such; None once it has its own."""
    if case_row.responsible_agency or case_row.status != "open":
        return None
    return lead_agency.of_case(conn, case_row, data)


def deadlines(case_row, reply: dict) -> dict:
    """`handling`: the deadline the case is handled against (the model's
    `due_at`, moved by 展期 and 補正; kept once the case closed), else the case
    row's; `step`: the open step's due where it differs (case.due_at is the
    earliest open task's: the reply's delivery is due sooner than the
    handling was), `delivery`: that step delivers the written reply (送達期限)."""
    handling = _instant(json.loads(case_row.summary or "{}").get("due_at")) or case_row.due_at
    step = case_row.due_at if case_row.status == "open" else None
    if step is not None and handling is not None and as_utc(step) == as_utc(handling):
        step = None
    return {"handling": handling, "step": step, "delivery": bool(reply.get("reply_text"))}


def _instant(value):
    """A stored instant (ISO text in the case data), None when it is none."""
    try:
        return parse_iso(value) if value else None
    except (TypeError, ValueError):
        return None


def completed(tasks, process=None) -> list[str]:
    """The element ids of the case's completed tasks, the last completed last.
    Steps completed in one instant (a frozen clock, as in the tests) follow
    the model's order, not the random task ids'."""
    place = {eid: i for i, eid in enumerate(process.tasks if process else ())}
    done = sorted((t for t in tasks if t.state == "completed"),
                  key=lambda t: (t.completed_at or t.created_at, t.created_at,
                                 place.get(t.element_id, len(place))))
    return [t.element_id for t in done]


def recalled(process, data: dict, names, done=()) -> list[tuple[str, str, bool]]:
    """[(label, value as the viewer reads it, long text?)] of the earlier
    answers (in the case's `data`) a task's `show_fields` names (the
    business's reply beside the consumer's next decision); "" where nothing
    was recorded. `done`: the case's completed steps, the last completed last."""
    if process is None or not names:
        return []
    declared = {f.name for t in process.tasks.values() for f in t.fields}
    # Art. 170: the case file withholds a confidential petitioner's fields from
    # whoever may not see them (casefile.read); not even their label shows.
    names = [n for n in names if n in declared and (n in data or not identity.is_identity(n, process))]
    locale = current_locale()
    rows = []
    for name in names:
        f = recording_field(process, name, data, done)
        if f.when and _blank(data.get(name)):   # asked only in some cases: not one of them
            continue
        rows.append((f.label(locale), shown_value(f, data.get(name), locale), f.type == "textarea"))
    return rows


def recording_field(process, name: str, data: dict, done=()):
    """The field `name` as declared by the form that recorded the value shown,
    for its label, choices and type: two forms may share a name (a request's
    人數 and the decision's 同意人數). That is the form of the step completed
    last that declares the field and where it applied (its `when`, read on the
    case's data: a rejected decision records no 同意人數); with none, the
    first form of the model declaring it."""
    for element in reversed(done):
        meta = process.tasks.get(element)
        field = _declared(meta, name)
        if field is not None and name in conditions.applying(meta.fields, data):
            return field
    declaring = (_declared(meta, name) for meta in process.tasks.values())
    return next(f for f in declaring if f is not None)


def _declared(meta, name: str):
    """`meta`'s form field `name`, None when its form has none (or it is no task)."""
    return next((f for f in meta.fields if f.name == name), None) if meta else None


def _blank(value) -> bool:
    return value is None or value == "" or value == []


def shown_value(f, value, locale: str) -> str:
    """A stored value in the viewer's words: choices by label, yes/no, ROC dates."""
    if value is None or value == "":
        return ""
    if f.type == "boolean":
        return f.answer_word(bool(value), locale)
    if f.type in ("agency", "agencies"):   # by name, never the code
        sep = ", " if locale.startswith("en") else "、"
        return sep.join(agency_name(v) for v in (value if isinstance(value, list) else [value]))
    if f.type in ("choice", "multichoice"):
        names = {c[0]: (c[2] if locale.startswith("en") else c[1]) or c[0] for c in f.choices}
        sep = ", " if locale.startswith("en") else "、"
        return sep.join(names.get(v, str(v)) for v in (value if isinstance(value, list) else [value]))
    if f.type in ("date", "datetime"):   # as officials read them: 民國115年3月2日
        return _when(f.type, value, locale)
    return str(value)


def _when(kind: str, value, locale: str) -> str:
    """A stored date (民國115年3月2日) or instant (…日 14:00 臺北時間) as the
    pages show them; what is no date is shown as the form would show it."""
    try:
        if kind == "date":
            return roc_date(date.fromisoformat(str(value)[:10]), locale)
        when = stored_instant(str(value))   # a form's naive value is Taipei's clock, not UTC
        if when is None:
            raise ValueError(value)
        return taipei_dt(when, locale)
    except ValueError:
        return date_input(value) if kind == "date" else datetime_input(value)


def _asked(process) -> frozenset:
    """The fields the case's own process asks (a deployment may hold several
    processes): the panel shows a row such as 來文語言 only where it was asked.
    `person_concerned` above: a model whose start names its own fields for the
    person (`<civicflow:start petitioner=...>`: a consumer) calls them 當事人."""
    if process is None:
        return frozenset()
    return frozenset(f.name for meta in process.tasks.values() for f in meta.fields)


def _own_words(process, cf, data: dict) -> str | None:
    """The heading of words a model keeps under its own name (the consumer
    complaint's 爭議內容, `claim_text`, the case's words: casefile.words):
    that field's label. None when the case has `content` (or shows no words)."""
    if not cf.content or data.get("content"):
        return None
    field = case_parts.words_field(process)
    return field.label(current_locale()) if field else None


def steps(conn, case_row, elements=(), tasks=None) -> dict:
    """{element id: the step's name in the viewer's language} over the case's
    tasks (`tasks`: read already), and over `elements` that are no task (a
    timer that fired: 催辦)."""
    out = {}
    for t in queries.case_tasks(conn, case_row.id) if tasks is None else tasks:
        meta = queries.task_meta(conn, case_row.definition_id, t.element_id)
        out[t.element_id] = labels.step_name(meta, t.name, t.element_id)   # 未命名步驟 for none
    missing = set(elements) - set(out)
    if missing:
        defn = runtime().specs.get(conn, case_row.definition_id)
        out.update(task_names.element_names(defn, missing, current_locale()))
    return out
