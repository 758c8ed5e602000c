"""Case variables a task shows beside its form as they stand at that step,
declared in the task's extension elements (docs/modelling.md):

    <civicflow:table name="audit_results" label_zh="各區公所考評結果" label_en="Results per office">
      <civicflow:column key="office" type="agency" label_zh="受考評機關" label_en="Office"/>
    </civicflow:table>
    <civicflow:value name="offices_audited" label_zh="受考評機關數" label_en="Offices audited"/>

A table shows a list of records a script made (one row per record, one
column per declared key); a value shows one variable by its label. Unlike
`show_fields` these need not be form fields: scripts make them, so their
words come from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import identity
from .attribute_words import FIELD_ZH
from .worded import Worded

CF_NS = "urn:civicflow:bpmn:1"
TYPES = ("text", "agency", "boolean", "date")


@dataclass
class Column(Worded):
    """A table's column (`key`: the record's key) or a value (`key`: the variable)."""
    key: str
    type: str = "text"
    label_zh: str = ""
    label_en: str = ""
    yes_zh: str = ""
    no_zh: str = ""
    yes_en: str = ""
    no_en: str = ""
    # [[value, label_zh, label_en]]: words for the values a script or a DMN
    # table gives (a grade 甲 reads "Good (甲)" in English).
    choices: list = field(default_factory=list)

    def choice_label(self, value, locale: str) -> str | None:
        """The declared words for `value` in `locale`, None when undeclared."""
        for known, zh, en in self.choices:
            if known == str(value):
                return (en if locale.startswith("en") else zh) or zh or en or known
        return None


@dataclass
class Table(Worded):
    name: str
    label_zh: str = ""
    label_en: str = ""
    columns: list[Column] = field(default_factory=list)


def _q(tag: str) -> str:
    return f"{{{CF_NS}}}{tag}"


def _column(el, key_attr: str) -> Column:
    return Column(key=(el.get(key_attr) or "").strip(), type=el.get("type") or "text",
                  **{a: el.get(a) or "" for a in ("label_zh", "label_en", "yes_zh", "no_zh",
                                                  "yes_en", "no_en")},
                  choices=[[c.get("value") or "", c.get("label_zh") or "", c.get("label_en") or ""]
                           for c in el.findall(_q("choice"))])


def parse(ext) -> tuple[list[Table], list[Column]]:
    """The tables and values declared in a task's extensionElements `ext`."""
    tables = [Table((t.get("name") or "").strip(), t.get("label_zh") or "", t.get("label_en") or "",
                    [_column(c, "key") for c in t.findall(_q("column"))])
              for t in ext.findall(_q("table"))]
    return tables, [_column(v, "name") for v in ext.findall(_q("value"))]


def from_dict(task: dict) -> dict:
    """A stored TaskMeta's tables and values as dataclasses (none in metas
    stored before they existed)."""
    return {"tables": [Table(**{**t, "columns": [Column(**c) for c in t["columns"]]})
                       for t in task.get("tables") or ()],
            "values": [Column(**v) for v in task.get("values") or ()]}


def problems(tables: list[Table], values: list[Column], process=None):
    """(English, zh-TW) for each declaration the page could not show in words."""
    for t in tables:
        yield from _name_problems("table", t.name, process)
        if not (t.label_zh and t.label_en):
            yield (f"table '{t.name}' needs label_zh and label_en",
                   f"表格「{t.name}」須有{FIELD_ZH['labels']}")
        if not t.columns:
            yield (f"table '{t.name}' declares no column", f"表格「{t.name}」沒有任何欄")
        for c in t.columns:
            yield from _key_problems(f"table '{t.name}': column", f"表格「{t.name}」的欄", c.key, process)
            yield from _column_problems(f"table '{t.name}': column", f"表格「{t.name}」的欄", c)
    for v in values:
        yield from _name_problems("value", v.key, process)
        yield from _column_problems("value", "資料項", v)


def _name_problems(kind: str, name: str, process):
    zh = {"table": "表格", "value": "資料項"}[kind]
    if not name.isidentifier():
        yield (f"{kind} name is not a variable name: '{name}'", f"{zh}的名稱「{name}」不是變數名稱")
    else:
        yield from _key_problems(kind, zh, name, process)


def _key_problems(en: str, zh: str, key: str, process):
    if not key:
        yield f"{en} without a key", f"{zh}缺少所取的資料名稱"
    elif identity.is_identity(key, process):   # Art. 170: the panel's petitioner row shows the person
        yield (f"{en} '{key}' may not show the petitioner's identity",
               f"{zh}「{key}」不可顯示陳情人（當事人）的身分")


def _column_problems(en: str, zh: str, c: Column):
    if not (c.label_zh and c.label_en):
        yield f"{en} '{c.key}' needs label_zh and label_en", f"{zh}「{c.key}」須有{FIELD_ZH['labels']}"
    if c.type not in TYPES:
        yield (f"{en} '{c.key}' has unknown type '{c.type}' (known: {' '.join(TYPES)})",
               f"{zh}「{c.key}」的類型「{c.type}」不明（可用：{' '.join(TYPES)}）")
