"""An audit record's detail in the reader's words: the trail stores JSON with
codes (agency and role codes, notice kinds, the model's field names, UTC
instants); the audit page and its CSV show names, labels and Taipei times."""
from __future__ import annotations

import json
from datetime import datetime

from flask import g
from flask_babel import gettext as _
from sqlalchemy import select

from engine.cases import queries
from engine.data.schema import case, process_definition
from engine.models.task_names import pick, split_bilingual
from engine.resources import catalogue

from ... import consent
from ...i18n import current_locale, taipei_dt
from ...labels import agency_name, element_name, role_label
from ...people import known_names, person_name
from ...resource_fields import resource_label
from ...roc_dates import TAIPEI, format_roc_date
from ...service_steps import service_done, service_step_name
from . import audit_shapes as shapes
from .actions import detail_name, error_words, notice_kind
from .connection_words import section_label, setting_changes, setting_label


# Kept in the trail and its CSV, not on the page: a resumed clock's days per
# task id (the page's working_days says it in one number).
# A closure's moved tasks by id likewise: the calendar page lists them by case.
TECHNICAL = frozenset({"per_task", "moved"})

# The keys whose value is an account (assignment.py's previous and to, an
# account action's user, a bulk summary's by, assignee, officer): the trail
# names the person (陳怡君), as its 使用者 column does, not the login.
PEOPLE = frozenset({"previous", "to", "user", "by", "assignee", "officer"})


class DetailWords:
    """Formats the detail of the rows of one page of the trail."""

    def __init__(self, conn, rows, technical: bool = False):
        self.technical = technical   # the CSV keeps a stored error after its words
        definitions = self.definitions = _definitions(conn, {r.case_number for r in rows
                                                             if r.case_number})
        self.fields = {number: _field_labels(conn, did) for number, did in definitions.items()}
        self.steps = {number: _steps(conn, did) for number, did in definitions.items()}
        self.choices = {number: _choices(conn, did) for number, did in definitions.items()}
        self.agency_fields = {number: _agency_fields(conn, did) for number, did in definitions.items()}
        self.resources = {r.code: resource_label(r.kind, r.code, r.name_zh, r.name_en)
                          for r in catalogue.list_resources(conn)}
        self.processes = _process_names(conn)
        # Every actor and every person a detail names, in one query for the page.
        self.names = known_names(conn, {r.actor for r in rows} | _named(rows))
        self.case_number = self.actor = None
        english = current_locale().startswith("en")
        self.sep, self.colon, self.list_sep = ("; ", ": ", ", ") if english else ("；", "：", "、")

    def __call__(self, text: str, case_number: str | None = None, actor: str | None = None) -> str:
        self.case_number = case_number   # whose model names the elements
        self.actor = actor   # whom a task was handed back to (kept_with)
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return text
        if not isinstance(data, dict):
            return text
        if data.get("function") and data.get("name"):
            return self.service(data)
        return self.sep.join(self.pair(k, v) for k, v in data.items()
                             if self.technical or k not in TECHNICAL)

    def service(self, data: dict) -> str:
        """A service step by its name and what it did (已預約 RBK-2101 公務轎車（一），
        115/03/12 09:00–12:00), not its function, arguments and result."""
        done = service_done(data)
        if not done:
            return self.sep.join(self.pair(k, v) for k, v in data.items() if k != "name")
        return f"{detail_name('element')}{self.colon}{service_step_name(data)}{self.sep}{done}"

    def pair(self, key: str, value) -> str:
        name = (self.fields.get(self.case_number) or {}).get(key) or detail_name(key)
        return f"{name}{self.colon}{self.value(key, value)}"

    def value(self, key: str, value) -> str:
        if value is None or value == "":
            return "—"
        if key == "changes" and isinstance(value, dict):   # 連線設定: old → new
            return setting_changes(value, self.colon, self.list_sep)
        shaped = self.shaped(key, value)
        if shaped is not None:
            return shaped
        if isinstance(value, dict):
            return "（" + self.sep.join(self.pair(k, v) for k, v in value.items()) + "）"
        if isinstance(value, list):
            return self.list_sep.join(self.value(key, v) for v in value)
        if isinstance(value, bool):
            return "✓" if value else "✗"
        return self.code(key, value) if isinstance(value, str) else str(value)

    def shaped(self, key: str, value) -> str | None:
        """A calendar override's or a case move's detail in words (audit_shapes)."""
        if key in ("districts", "closure") and isinstance(value, (list, str)):
            return shapes.districts(value, self.list_sep)
        if key == "per_agency" and isinstance(value, dict):
            return shapes.per_agency(value, self.colon, self.list_sep)
        if key == "deadline" and isinstance(value, dict):
            return shapes.from_to(value)
        if key == "deadlines" and isinstance(value, list):
            return shapes.task_dues(value, self.step, self.colon, self.list_sep)
        if key == "decisions" and isinstance(value, dict):
            return shapes.decision(value, self.step, self.colon)
        return None

    def step(self, element: str) -> str:
        """A model element's name; 未命名步驟 (or 流程中的步驟), never its id."""
        return (self.steps.get(self.case_number) or {}).get(element) or \
            element_name(self.definitions.get(self.case_number), element)

    def code(self, key: str, value: str) -> str:
        if key == "agency" or key in self.agency_fields.get(self.case_number, ()):
            return agency_name(value)   # 權責機關：交通局, not TRB
        if key == "roles":
            return self.list_sep.join(role_label(r) for r in value.split(",") if r)
        if key == "kind":
            return shapes.calendar_kind(value) or notice_kind(value)
        if key in ("settings", "section"):   # 連線設定: 郵件伺服器位址, not SMTP_HOST
            return setting_label(value) if key == "settings" else section_label(value)
        if key in ("process", "process_key"):
            return self.processes.get(value, value)
        if key == "consent_version":
            return consent.edition(value)   # 115年12月版, not petition-2026-12
        if key == "error":
            return f"{error_words(value)}（{value}）" if self.technical else error_words(value)
        if key == "element":
            return self.step(value)
        if key == "kept_with":   # the officer the system handed the task back to
            return _("%(person)s, who did “%(step)s” before",
                     person=person_name(self.actor), step=self.step(value))
        chosen = (self.choices.get(self.case_number) or {}).get(key, {}).get(value)
        if chosen:   # a form's choice in words (派車決定：指派), not its value
            return pick(*chosen, current_locale()) or value
        if key in PEOPLE:   # after a form's choices: a field may be called "to"
            return self.person(value)
        return self.resources.get(value) or _instant(value) or value

    def person(self, username: str) -> str:
        """The account's display name; an unknown or deleted one (or a notice's
        address under "to") as stored. The CSV keeps the login after the name."""
        name = self.names.get(username) or username
        return f"{name}（{username}）" if self.technical and name != username else name


def _named(rows) -> set[str]:
    """The logins the rows' details name under a PEOPLE key."""
    found = set()
    for r in rows:
        try:
            data = json.loads(r.detail or "{}")
        except ValueError:
            continue
        if isinstance(data, dict):
            found.update(v for k, v in data.items() if k in PEOPLE and isinstance(v, str))
    return found


def _instant(text: str) -> str | None:
    """An ISO instant ('2026-03-02T01:15:00+00:00', or str() of a datetime with
    a space) as a Taipei time; a form's date and time without an offset
    ('2026-03-12T09:00', Taipei wall-clock time) and date ('2026-03-12') too;
    else None."""
    if len(text) < 10 or text[4:5] != "-" or text[7:8] != "-" or text[10:11] not in ("", "T", " "):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:
        return format_roc_date(moment)
    return taipei_dt(moment if moment.tzinfo else moment.replace(tzinfo=TAIPEI))


def _process_names(conn) -> dict[str, str]:
    """{process key: its name in the viewer's language} of the latest versions."""
    names = {}
    for key, name in conn.execute(select(process_definition.c.key, process_definition.c.name)
                                  .order_by(process_definition.c.version)):
        names[key] = pick(*split_bilingual(name), current_locale()) or key
    return names


def _choices(conn, definition_id: int) -> dict:
    """{field: {value: (zh, en)}} of a model version's forms, per request."""
    cache = g.setdefault("audit_choices", {})
    if definition_id not in cache:
        cache[definition_id] = queries.choice_labels(conn, definition_id)
    return cache[definition_id]


def _agency_fields(conn, definition_id: int) -> frozenset:
    """The names of a model version's fields that choose an agency."""
    return frozenset(f.name for meta in queries.task_metas(conn, definition_id).values()
                     for f in meta.fields if f.type == "agency")


def _definitions(conn, numbers: set[str]) -> dict[str, int]:
    """{case number: the id of the model version it runs}."""
    if not numbers:
        return {}
    return dict(conn.execute(select(case.c.number, case.c.definition_id)
                             .where(case.c.number.in_(sorted(numbers)))).all())


def _steps(conn, definition_id: int) -> dict[str, str]:
    """{element id: its name} of a model version (timers.event_names), per request."""
    from .timers import event_names   # the timers page names its events the same way
    cache = g.setdefault("audit_steps", {})
    if definition_id not in cache:
        cache[definition_id] = event_names(conn, definition_id)
    return cache[definition_id]


def _field_labels(conn, definition_id: int) -> dict[str, str]:
    """{field name: label} over the forms of the model a case runs (its own
    process last, so its labels win over another deployed with it)."""
    cache = g.setdefault("audit_fields", {})
    if definition_id in cache:
        return cache[definition_id]
    labels = {}
    english = current_locale().startswith("en")
    for meta in queries.task_metas(conn, definition_id).values():
        for f in meta.fields:
            label = (f.label_en if english else f.label_zh) or f.label_zh or f.label_en
            if label:
                labels[f.name] = label
    cache[definition_id] = labels
    return labels
