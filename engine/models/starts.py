"""Who may start a process from the web, and with which form
(`<civicflow:start>` on the process's start event; see docs/modelling.md).

The start form is the form of one user task (`task`), which the starter
fills and completes as the case starts. `each` names the fields given once
per case, so one form starts several cases (a council meeting's resolutions);
`petitioner` names the fields holding the person's name and contact, who then
follows the case with its number and a status password; `agency_kinds` limits
the agencies the form offers (the district offices of an audit round).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from string import Template

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CF_NS = "urn:civicflow:bpmn:1"
_PLACEHOLDER = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


@dataclass
class StartMeta:
    element_id: str
    task: str
    roles: list = field(default_factory=list)
    agencies: list = field(default_factory=list)   # empty: any agency
    name_zh: str = ""
    name_en: str = ""
    hint_zh: str = ""
    hint_en: str = ""
    title: str = ""            # case title, `${field}` placeholders
    each: list = field(default_factory=list)
    each_label_zh: str = ""
    each_label_en: str = ""
    petitioner: list = field(default_factory=list)   # [name field, contact field]
    agency_kinds: list = field(default_factory=list)  # agencies offered: these kinds only
    category: str = ""         # the field the inbox's 類別 column shows (else `category`)
    contact: list = field(default_factory=list)   # fields: who to call (no petitioner)

    def allows(self, agency: str | None, roles) -> bool:
        """May someone of `agency` holding `roles` start this process?"""
        if "admin" in roles:
            return True
        if self.agencies and agency not in self.agencies:
            return False
        return any(r in roles for r in self.roles)

    def title_for(self, values: dict) -> str:
        """The case title from the form's values (missing ones left out)."""
        words = {k: ("" if v is None else str(v)) for k, v in values.items()}
        return Template(self.title).safe_substitute(words).strip()[:300]

    def to_dict(self) -> dict:
        return asdict(self)


def from_dict(d: dict | None) -> StartMeta | None:
    return StartMeta(**d) if d else None


def _q(tag: str) -> str:
    return f"{{{BPMN_NS}}}{tag}"


def _words(text: str | None) -> list:
    return (text or "").split()


def extract(proc) -> StartMeta | None:
    """The declaration on a top-level start event of the process `proc` (lxml)."""
    for event in proc.findall(_q("startEvent")):
        el = event.find(f"{_q('extensionElements')}/{{{CF_NS}}}start")
        if el is not None:
            return StartMeta(
                element_id=event.get("id"), task=el.get("task") or "",
                roles=_words(el.get("roles")), agencies=_words(el.get("agencies")),
                name_zh=el.get("name_zh") or "", name_en=el.get("name_en") or "",
                hint_zh=el.get("hint_zh") or "", hint_en=el.get("hint_en") or "",
                title=el.get("title") or "", each=_words(el.get("each")),
                each_label_zh=el.get("each_label_zh") or "",
                each_label_en=el.get("each_label_en") or "",
                petitioner=_words(el.get("petitioner")),
                agency_kinds=_words(el.get("agency_kinds")),
                category=el.get("category") or "", contact=_words(el.get("contact")))
    return None


def problems(start: StartMeta | None, tasks: dict, roles) -> list[tuple[str, str, str]]:
    """(element id, English, zh-TW) for a declaration that cannot work."""
    if start is None:
        return []
    eid, out = start.element_id, []
    for role in start.roles:
        if role not in roles:
            out.append((eid, f"unknown role '{role}' may start", f"未知的角色「{role}」"))
    if not start.roles:
        out.append((eid, "the start declares no role", "開案宣告未指定角色"))
    task = tasks.get(start.task)
    if task is None:
        out.append((eid, f"start form task '{start.task}' is not a task of this process",
                    f"開案表單的工作「{start.task}」不在此流程中"))
        return out
    names = {f.name for f in task.fields}
    for name in [*start.each, *start.petitioner, *start.contact, *_PLACEHOLDER.findall(start.title)]:
        if name not in names:
            out.append((eid, f"'{name}' is not a field of the start form",
                        f"「{name}」不是開案表單的欄位"))
    every = {f.name for t in tasks.values() for f in t.fields}
    if start.category and start.category not in every:   # the inbox's 類別 column would stay empty
        out.append((eid, f"category '{start.category}' is no form field of this process",
                    f"類別欄位「{start.category}」不是此流程任何表單的欄位"))
    return out
