"""Words for stored codes: choice values from the model, agency names, role
names and task names in the viewer's language.

Templates call `task_name(row)` wherever a task's name is shown (any row
with `name` and `element_id`; pass `definition_id` when the row has none),
`agency_name(code)` and `role_label(code)`. A step the model gave no name
reads 未命名步驟 (`unnamed`), never its element id."""
from __future__ import annotations

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from engine.cases import queries
from engine.data.schema import agency, process_definition
from engine.models.task_names import pick, split_bilingual

from .extensions import db
from .i18n import current_locale

ROLE_NAMES = {"intake": _l("Intake"), "officer": _l("Officer"), "supervisor": _l("Supervisor"),
              "analyst": _l("Analyst"), "admin": _l("Administrator")}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(choice_label=choice_label, agency_label=agency_label,
                                 task_name=task_name, agency_name=agency_name, unnamed=unnamed,
                                 element_name=element_name, process_label=process_label,
                                 process_title=process_title,
                                 role_label=role_label, name_in_language=name_in_language,
                                 with_item=with_item)
    from . import service_steps   # a service step's name and what it did, in the timeline
    service_steps.init_app(app)


def for_case(conn, definition_id: int, agencies: dict | None = None) -> dict:
    """Words for one model version's codes; pass `agencies` when building several."""
    return {"choices": queries.choice_labels(conn, definition_id),
            "agencies": agency_names(conn) if agencies is None else agencies}


def agency_names(conn) -> dict:
    # Unpacked by position: a row's attribute look-ups were 4x the query (264 agencies).
    return {code: (zh, en)
            for code, zh, en in conn.execute(select(agency.c.code, agency.c.name_zh, agency.c.name_en))}


def _pick(pair, fallback):
    if not pair:
        return fallback or ""
    zh, en = pair
    return (en or zh) if current_locale() == "en" else (zh or en)


def choice_label(labels: dict, field: str, value) -> str:
    return _pick(labels["choices"].get(field, {}).get(value), value)


def agency_label(labels: dict, code) -> str:
    return _pick(labels["agencies"].get(code), code)


def role_label(code) -> str:
    """收文登記 for 'intake'; an unknown code as it is."""
    return str(ROLE_NAMES.get(code, code or ""))


def agency_name(code) -> str:
    """An agency's name in the viewer's language. Most pages name one agency,
    the viewer's in the header: the first code asked for is read alone; a
    second one reads all the names, once per request."""
    if not code:
        return ""
    if "agency_names" not in g:
        first = g.get("agency_name_first")
        if first is None or first[0] == code:
            if first is None:
                with db().connect() as conn:
                    first = g.agency_name_first = (code, _one_agency(conn, code))
            return _pick(first[1], code)
        with db().connect() as conn:
            g.agency_names = agency_names(conn)
    return _pick(g.agency_names.get(code), code)


def with_item(name: str, item: str | None) -> str:
    """A task's name with what it is about, when the model names it (one of
    the offices a records audit visits): 排定實地考評（鼓山區公所）. An agency
    code reads as the agency's name."""
    if not item:
        return name
    about = agency_name(item)
    return f"{name} ({about})" if current_locale() == "en" else f"{name}（{about}）"


def _one_agency(conn, code) -> tuple | None:
    row = conn.execute(select(agency.c.name_zh, agency.c.name_en).where(agency.c.code == code)).first()
    return tuple(row) if row else None


def task_name(row, definition_id: int | None = None) -> str:
    """A task's name in the viewer's language: as the model declares it for
    the definition, else its stored (possibly bilingual) name split in two,
    else 未命名步驟 (step_name)."""
    definition_id = definition_id or getattr(row, "definition_id", None)
    element_id = getattr(row, "element_id", None)
    meta = _task_metas(definition_id).get(element_id) \
        if definition_id is not None and element_id else None
    return step_name(meta, getattr(row, "name", None), element_id)


# What a person reads for an element its model gave no name, by its kind;
# never the element id (those are for the analysts' pages).
UNNAMED = {"task": _l("Unnamed step")}
UNKNOWN_STEP = _l("a step of the process")   # an element of another kind, or not in the version


def unnamed(kind: str | None = "task") -> str:
    return str(UNNAMED.get(kind, UNKNOWN_STEP))


def step_name(meta, stored: str | None = None, element_id: str | None = None) -> str:
    """A task's name in the viewer's language: as its model declares it
    (`meta`: its TaskMeta, or None), else its `stored` name, else 未命名步驟.
    The engine stores a nameless step's id as its name: that is no name."""
    named = meta.named(current_locale()) if meta is not None else ""
    if named:
        return named
    if stored and stored != element_id:
        return pick(*split_bilingual(stored), current_locale())
    return unnamed("task")


def element_name(definition_id: int | None, element_id: str) -> str:
    """The name of a definition's task element in the viewer's language (the
    board's steps): 未命名步驟 when the model names it not, 流程中的步驟 when
    the version has no such task."""
    meta = _task_metas(definition_id).get(element_id) if definition_id is not None else None
    return step_name(meta) if meta is not None else unnamed(None)


def _task_metas(definition_id: int) -> dict:
    cache = g.setdefault("task_metas", {})
    if definition_id not in cache:
        with db().connect() as conn:
            cache[definition_id] = queries.task_metas(conn, definition_id)
    return cache[definition_id]


def name_in_language(name) -> str:
    """A model's own words in the viewer's language: a bilingual name
    ("收件 Received") split, or a (zh, en) pair such as a field's labels."""
    if isinstance(name, (tuple, list)):
        return pick(*name, current_locale())
    return pick(*split_bilingual(name or ""), current_locale())


def process_label(process) -> str:
    """A deployed process's name in the viewer's language ("人民陳情 Petition"
    is split like a task's name); its key when it has none."""
    if isinstance(process, dict):
        name, key = process.get("name") or "", process.get("key", "")
    else:
        name, key = getattr(process, "name", None) or "", getattr(process, "key", "")
    return pick(*split_bilingual(name), current_locale()) or key


def process_title(key: str) -> str:
    """A process's name by its key (its latest version's), in the viewer's
    language: pages about a process name it, never show its key."""
    titles = g.setdefault("process_titles", {})
    if key not in titles:
        pd = process_definition.c
        with db().connect() as conn:
            name = conn.execute(select(pd.name).where(pd.key == key)
                                .order_by(pd.version.desc()).limit(1)).scalar()
        titles[key] = pick(*split_bilingual(name or ""), current_locale()) or key
    return titles[key]
