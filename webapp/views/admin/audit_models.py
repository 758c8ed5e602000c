"""What the deployed models name, for the audit trail's words: a version's
steps and events, its fields' labels and choices, the fields that choose an
agency, the events that wait for a message; read once per model version and
request (flask.g), so a page of the trail reads each version once."""
from __future__ import annotations

import json

from flask import g
from sqlalchemy import select

from engine.cases import queries
from engine.data.schema import case, process_definition
from engine.models.task_names import pick, split_bilingual
from engine.models.xmlsafe import parse_xml

from ...i18n import current_locale

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"


def _cached(name: str, definition_id: int, read):
    cache = g.setdefault(name, {})
    if definition_id not in cache:
        cache[definition_id] = read()
    return cache[definition_id]


def case_definitions(conn, numbers: set[str]) -> dict[str, tuple[int, str]]:
    """{case number: (the id of the model version it runs, its process key)}."""
    if not numbers:
        return {}
    return {number: (did, key) for number, did, key in conn.execute(
        select(case.c.number, case.c.definition_id, process_definition.c.key)
        .join(process_definition, process_definition.c.id == case.c.definition_id)
        .where(case.c.number.in_(sorted(numbers))))}


def versions(conn, keys: set[str]) -> list[tuple[str, int]]:
    """(process key, definition id) of every version of `keys`, oldest first."""
    if not keys:
        return []
    return [(key, did) for key, did in conn.execute(
        select(process_definition.c.key, process_definition.c.id)
        .where(process_definition.c.key.in_(sorted(keys))).order_by(process_definition.c.version))]


def steps(conn, definition_id: int) -> dict[str, str]:
    """{element id: its name} of a model version (timers.event_names)."""
    from .timers import event_names   # the timers page names its events the same way
    return _cached("audit_steps", definition_id, lambda: event_names(conn, definition_id))


def choices(conn, definition_id: int) -> dict:
    """{field: {value: (zh, en)}} of a model version's forms."""
    return _cached("audit_choices", definition_id,
                   lambda: queries.choice_labels(conn, definition_id))


def agency_fields(conn, definition_id: int) -> frozenset:
    """The names of a model version's fields that choose an agency."""
    return _cached("audit_agency_fields", definition_id, lambda: frozenset(
        f.name for meta in queries.task_metas(conn, definition_id).values()
        for f in meta.fields if f.type == "agency"))


def field_labels(conn, definition_id: int) -> dict[str, str]:
    """{field name: label} over the forms of a model version (its own
    process last, so its labels win over another deployed with it)."""
    def read():
        english = current_locale().startswith("en")
        return {f.name: (f.label_en if english else f.label_zh) or f.label_zh or f.label_en
                for meta in queries.task_metas(conn, definition_id).values()
                for f in meta.fields if f.label_zh or f.label_en}
    return _cached("audit_fields", definition_id, read)


def message_names(conn, definition_id: int) -> dict[str, str]:
    """{message name: the name of the event that waits for it} (企業回覆訊息,
    not business_reply), read from the deployed BPMN."""
    def read():
        sources = json.loads(conn.execute(select(process_definition.c.sources).where(
            process_definition.c.id == definition_id)).scalar() or "{}")
        names = {}
        for name, xml in sources.items():
            if name.endswith(".bpmn"):
                names.update(_waiting_events(parse_xml(xml, name)))
        return names
    return _cached("audit_messages", definition_id, read)


def _waiting_events(root) -> dict[str, str]:
    messages = {m.get("id"): m.get("name") for m in root.iter(f"{BPMN}message")}
    found = {}
    for event in root.iter():
        ref = event.get("messageRef") if event.tag == f"{BPMN}receiveTask" else next(
            (d.get("messageRef") for d in event.findall(f"{BPMN}messageEventDefinition")), None)
        if event.get("name") and messages.get(ref):
            found[messages[ref]] = pick(*split_bilingual(event.get("name")), current_locale())
    return found
