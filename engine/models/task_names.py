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
