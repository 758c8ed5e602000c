"""An audit record's detail in the reader's words: the trail stores JSON with
codes (agency, district and role codes, notice kinds, the model's element
and field names, task ids, UTC instants); the audit page and its CSV show
names, labels and Taipei times, the same words in both."""
from __future__ import annotations

import json
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from engine.data.schema import api_token, process_definition
from engine.models.task_names import pick, split_bilingual
from engine.resources import catalogue

from ... import consent
from ...i18n import current_locale, roc_date, taipei_dt
from ...labels import agency_name, element_name, role_label, unnamed
from ...people import known_names, person_name
from ...resource_fields import resource_label
from ...roc_dates import TAIPEI
from ...service_steps import service_done, service_step_name
from . import audit_models as models
from . import audit_shapes as shapes
from . import audit_values as values
from .actions import action_detail_name, error_words
from .audit_migration import ACTIONS as MIGRATION, MigrationWords
from .audit_moves import MovedTasks
from .connection_words import section_label, setting_changes, setting_label


# Listed in the CSV only: a closure's moved tasks and a resumed clock's days
# per task, each by its case, step and agency (the page counts them).
LISTED = frozenset({"per_task", "moved"})
# Never shown: the number of an outbox or timer row, which no page names.
HIDDEN = frozenset({"notice", "timer"})

# The keys whose value is an account (assignment.py's previous and to, an
# account action's user, a bulk summary's by, assignee, officer): the trail
# names the person (陳怡君), as its 使用者 column does, not the login.
PEOPLE = frozenset({"previous", "to", "user", "by", "assignee", "officer"})


class DetailWords:
    """Formats the detail of the rows of one page of the trail (or its CSV,
    `listed`: with each moved task named)."""

    def __init__(self, conn, rows, listed: bool = False):
        details = [_data(r.detail) or {} for r in rows]
        self.listed = listed
        self._read_models(conn, rows)
        self.resources = {r.code: resource_label(r.kind, r.code, r.name_zh, r.name_en)
                          for r in catalogue.list_resources(conn)}
        self.processes = _process_names(conn)
        # Every actor and every person a detail names, in one query for the page.
        self.names = known_names(conn, {r.actor for r in rows} | _named(details))
        self.tokens = _token_labels(conn, details)
        self.moves = MovedTasks(conn, details) if listed else None
        self.migration = MigrationWords(conn, _moved_processes(rows, details, self.process_of))
        self.case_number = self.actor = self.process = None
        self.action = ""
        english = current_locale().startswith("en")
        self.sep, self.colon, self.list_sep = ("; ", ": ", ", ") if english else ("；", "：", "、")
        self.brackets = (" (", ")") if english else ("（", "）")

    def _read_models(self, conn, rows) -> None:
        """What the models of the rows' cases name: fields, steps, choices, messages."""
        found = models.case_definitions(conn, {r.case_number for r in rows if r.case_number})
        self.definitions = {number: did for number, (did, _key) in found.items()}
        self.process_of = {number: key for number, (_did, key) in found.items()}
        self.fields, self.steps, self.choices, self.agency_fields = (
            {n: read(conn, did) for n, did in self.definitions.items()}
            for read in (models.field_labels, models.steps, models.choices, models.agency_fields))
        waiting = {r.case_number for r in rows if r.action == "message"}
        self.messages = {n: models.message_names(conn, did)
                         for n, did in self.definitions.items() if n in waiting}

    def __call__(self, text: str, case_number: str | None = None, actor: str | None = None,
                 action: str = "") -> str:
        self.case_number = case_number   # whose model names the elements
        self.actor = actor   # whom a task was handed back to (kept_with)
        self.action = action or ""
        data = _data(text)
        if data is None:
            return text
        given = data.get("process")
        self.process = given if isinstance(given, str) else self.process_of.get(case_number)
        if data.get("function") and "name" in data:
            return self.service(data)
        if self.action == "migrate_refused":
            return self.refused(data)
        return self.sep.join(self.pair(k, v) for k, v in data.items() if self.shown(k, data))

    def shown(self, key: str, data: dict) -> bool:
        if key == "token" and "label" in data:   # a new token: its name follows
            return False
        return key not in HIDDEN and (self.listed or key not in LISTED)

    def service(self, data: dict) -> str:
        """A service step by its name and what it did (已預約 RBK-2101 公務轎車（一），
        115/03/12 09:00–12:00), never its function, arguments and result."""
        name = service_step_name(data) or self.step(str(data.get("element", "")))
        step = f"{action_detail_name(self.action, 'element')}{self.colon}{name}"
        done = service_done(data)
        return f"{step}{self.sep}{done}" if done else step

    def refused(self, data: dict) -> str:
        """A case that stayed on its version: its run and the migration page's reason."""
        reason = self.migration.refusal(self.process, data)
        said = f"{action_detail_name(self.action, 'reason')}{self.colon}{reason}"
        return f"{self.pair('run', data['run'])}{self.sep}{said}" if "run" in data else said

    def pair(self, key: str, value) -> str:
        """名稱：值; a model's variable no form labels by its value alone (its
        key is the model's code)."""
        name = action_detail_name(self.action, key, (self.fields.get(self.case_number) or {}).get(key))
        said = self.value(key, value)
        return f"{name}{self.colon}{said}" if name else said

    def value(self, key: str, value) -> str:
        if value is None or value == "":
            return _("every older version") if key == "from_version" and self.action in MIGRATION \
                else "—"
        shaped = self.shaped(key, value)
        if shaped is not None:
            return shaped
        if isinstance(value, dict):
            return self.group(value)
        if isinstance(value, list):
            return self.list_sep.join(self.value(key, v) for v in value)
        if isinstance(value, bool):
            return "✓" if value else "✗"
        return self.code(key, value) if isinstance(value, str) else str(value)

    def group(self, value: dict) -> str:
        """A nested detail (before, after, a form): its pairs in brackets."""
        return self.brackets[0] + self.sep.join(self.pair(k, v) for k, v in value.items()) + \
            self.brackets[1]

    def shaped(self, key: str, value) -> str | None:
        """A detail whose stored shape needs its own words."""
        if key == "token":   # an API token by its name, not its number
            return self.tokens.get(value) or "—"
        if key == "changes" and isinstance(value, dict):   # 連線設定: old → new
            return setting_changes(value, self.colon, self.list_sep)
        said = self.calendar_shape(key, value)
        return said if said is not None else self.moved_shape(key, value)

    def calendar_shape(self, key: str, value) -> str | None:
        """A calendar override's detail in words (audit_shapes)."""
        if key in ("districts", "closure") and isinstance(value, (list, str)):
            return shapes.districts(value, self.list_sep)
        if key == "per_agency" and isinstance(value, dict):
            return shapes.per_agency(value, self.colon, self.list_sep)
        if key == "moved" and isinstance(value, list) and self.moves is not None:
            return self.moves.moved(value, self.colon, self.list_sep, self.brackets)
        if key == "per_task" and isinstance(value, dict) and self.moves is not None:
            return self.moves.per_task(value, self.colon, self.list_sep, self.brackets)
        return None

    def moved_shape(self, key: str, value) -> str | None:
        """A case moved to a new model version, or a run of them, in words."""
        if key == "deadline" and isinstance(value, dict):
            return shapes.from_to(value)
        if key == "deadlines" and isinstance(value, list):
            return shapes.task_dues(value, self.step, self.colon, self.list_sep)
        if key == "decisions" and isinstance(value, dict):
            return shapes.decision(value, self.step, self.colon)
        if self.action not in MIGRATION:
            return None
        if key == "mapping" and isinstance(value, dict):
            return self.migration.mapping(self.process, value, self.list_sep)
        if key == "defaults" and isinstance(value, (dict, list)):
            return self.migration.defaults(self.process, value, self.colon, self.list_sep)
        if key == "plan" and isinstance(value, dict):   # the run's process and version are its own
            return self.group({k: v for k, v in value.items()
                               if k not in ("process_key", "to_version")})
        return None

    def step(self, element: str) -> str:
        """A model element's name; 未命名步驟 (or 流程中的步驟), never its id."""
        return (self.steps.get(self.case_number) or {}).get(element) or \
            element_name(self.definitions.get(self.case_number), element)

    def code(self, key: str, value: str) -> str:
        for words in (self.recorded, self.modelled, self.vocabulary):
            said = words(key, value)
            if said is not None:
                return said
        return self.resources.get(value) or _instant(value) or value

    def recorded(self, key: str, value: str) -> str | None:
        """A value the engine records under this key (or this action's key)."""
        if (self.action, key) in values.ACTION_VALUES:
            return values.ACTION_VALUES[(self.action, key)](value)
        if self.action == "message" and key == "name":   # by the event that waits for it
            return (self.messages.get(self.case_number) or {}).get(value) or unnamed(None)
        if key == "roles":
            return self.list_sep.join(role_label(r) for r in value.split(",") if r)
        if key in ("settings", "section"):   # 連線設定: 郵件伺服器位址, not SMTP_HOST
            return setting_label(value) if key == "settings" else section_label(value)
        if key in ("process", "process_key"):
            return self.processes.get(value, value)
        if key == "consent_version":
            return consent.edition(value)   # 115年12月版, not petition-2026-12
        if key == "error":
            return error_words(value)
        if key == "element":
            return self.step(value)
        if key == "kept_with":   # the officer the system handed the task back to
            return _("%(person)s, who did “%(step)s” before",
                     person=person_name(self.actor), step=self.step(value))
        return None

    def modelled(self, key: str, value: str) -> str | None:
        """A form's agency or choice in words (權責機關：交通局, 派車決定：指派)."""
        if key in values.AGENCY_KEYS or key in self.agency_fields.get(self.case_number, ()):
            return agency_name(value)
        chosen = (self.choices.get(self.case_number) or {}).get(key, {}).get(value)
        return (pick(*chosen, current_locale()) or value) if chosen else None

    def vocabulary(self, key: str, value: str) -> str | None:
        """After a form's choices (a field may be called "to" or "kind")."""
        if key in values.KEY_VALUES:
            return values.KEY_VALUES[key](value)
        if key == "kind":
            return values.kind(self.action, value)
        return self.person(value) if key in PEOPLE else None

    def person(self, username: str) -> str:
        """The account's display name; an unknown or deleted one (or a notice's
        address under "to") as stored."""
        return self.names.get(username) or username


def _data(text: str | None) -> dict | None:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _named(details: list[dict]) -> set[str]:
    """The logins the rows' details name under a PEOPLE key."""
    return {v for data in details for k, v in data.items() if k in PEOPLE and isinstance(v, str)}


def _moved_processes(rows, details: list[dict], process_of: dict) -> set[str]:
    """The processes whose cases the rows move to a new version."""
    return {d.get("process") if isinstance(d.get("process"), str) else process_of.get(r.case_number)
            for r, d in zip(rows, details) if r.action in MIGRATION} - {None}


def _token_labels(conn, details: list[dict]) -> dict[int, str]:
    """{token id: its name} of the API tokens the rows name."""
    ids = {d["token"] for d in details if isinstance(d.get("token"), int)}
    if not ids:
        return {}
    return dict(conn.execute(select(api_token.c.id, api_token.c.label)
                             .where(api_token.c.id.in_(sorted(ids)))).all())


def _instant(text: str) -> str | None:
    """An ISO instant ('2026-03-02T01:15:00+00:00', or str() of a datetime with
    a space) as a Taipei time; a form's date and time without an offset
    ('2026-03-12T09:00', Taipei wall-clock time) and a date ('2026-03-12') as
    the page's other dates; else None."""
    if len(text) < 10 or text[4:5] != "-" or text[7:8] != "-" or text[10:11] not in ("", "T", " "):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if len(text) == 10:
        return roc_date(moment.date())   # 民國115年3月12日, 2026-03-12 to an English reader
    return taipei_dt(moment if moment.tzinfo else moment.replace(tzinfo=TAIPEI))


def _process_names(conn) -> dict[str, str]:
    """{process key: its name in the viewer's language} of the latest versions."""
    names = {}
    for key, name in conn.execute(select(process_definition.c.key, process_definition.c.name)
                                  .order_by(process_definition.c.version)):
        names[key] = pick(*split_bilingual(name), current_locale()) or key
    return names
