"""A task's name per language. Models may declare both
(`<civicflow:task name_zh="登記陳情" name_en="Register petition">`); the
shipped models put both in the BPMN name ("登記陳情 Register petition"),
which is split at its first Latin letter."""
from __future__ import annotations

import re

_FIRST_LATIN = re.compile(r"[A-Za-z]")


def split_bilingual(name: str) -> tuple[str, str]:
    """("登記陳情", "Register petition") from "登記陳情 Register petition";
    a name without Latin letters is Chinese only, one starting with them English only."""
    name = (name or "").strip()
    found = _FIRST_LATIN.search(name)
    if found is None:
        return name, ""
    return name[:found.start()].strip(), name[found.start():].strip()


def pick(zh: str, en: str, locale: str) -> str:
    """The viewer's language, else the other one."""
    return (en or zh) if locale.startswith("en") else (zh or en)


# What a person reads for a step its model gave no name (web pages: webapp/labels.py).
UNNAMED = ("未命名步驟", "Unnamed step")


def row_name(stored: str | None, element_id: str | None, locale: str) -> str:
    """A task row's name in `locale`. The engine stores a nameless step's id
    as its name: that is no name, and notices say 未命名步驟, never the id."""
    if not stored or stored == element_id:
        return pick(*UNNAMED, locale)
    return pick(*split_bilingual(stored), locale)


def element_names(defn, ids, locale: str) -> dict:
    """{element id: its name in `locale`} for elements `ids` of a deployed
    definition (engine/models/definitions.Definition), from the model's own
    names; a timer says what it watches: 催辦（辦理並擬復）. An element the
    version lacks, or a nameless one, is left out."""
    found = {}
    for spec in (defn.spec, *defn.subprocess_specs.values()):
        for ts in spec.task_specs.values():
            if getattr(ts, "bpmn_id", None) in ids and ts.bpmn_name:
                found[ts.bpmn_id] = _with_watched(ts, pick(*split_bilingual(ts.bpmn_name), locale),
                                                  locale)
    return found


def _with_watched(ts, name: str, locale: str) -> str:
    """A boundary event's name with the named task it is attached to."""
    if type(ts).__name__ != "BoundaryEvent" or not ts.inputs:
        return name
    watched = [o for o in ts.inputs[0].outputs if o is not ts and getattr(o, "bpmn_name", None)
               and type(o).__name__ != "BoundaryEvent"]
    if not watched:
        return name
    task = pick(*split_bilingual(watched[0].bpmn_name), locale)
    return f"{name} ({task})" if locale.startswith("en") else f"{name}（{task}）"
