"""What changed between two versions of a model.

Element level: BPMN elements added, removed or changed by id, and for changed
ones the properties civicflow reads (due, agency, role, priority, form fields,
lanes, timers, conditions, scripts...); DMN decisions with their rule rows.
A unified text diff per file (XML re-indented, so one-line files still diff
line by line) is kept as the fallback. Files go through xmlsafe: a stored
version was validated once, a draft never was.
"""
from __future__ import annotations

import difflib
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from . import dmnwords, elements as read
from .parsed import Parsed, parse_files

MAX_DIFF_LINES = 4000


@dataclass
class Detail:
    prop: str                 # due, agency, role, priority, lane, timer, condition, field, rule...
    change: str               # added, removed, changed
    before: str | None = None
    after: str | None = None
    item: str = ""            # the form field name or rule id
    attrs: list = field(default_factory=list)   # a changed field's attributes
    old: dict | None = None   # a field's or rule's attributes, for the page to put in words
    new: dict | None = None
    said_before: tuple | None = None   # a rule row in words (dmnwords.Words), before and after
    said_after: tuple | None = None


@dataclass
class ElementChange:
    kind: str                 # added, removed, changed
    element_id: str
    name: str
    type: str
    file: str
    details: list[Detail] = field(default_factory=list)


@dataclass
class FileDiff:
    name: str
    status: str               # added, removed, changed, same
    lines: list[str] = field(default_factory=list)
    truncated: bool = False


@dataclass
class ModelDiff:
    elements: list[ElementChange]
    files: list[FileDiff]

    def ids(self, kind: str) -> list[str]:
        return [c.element_id for c in self.elements if c.kind == kind]

    @property
    def empty(self) -> bool:
        return not self.elements and all(f.status == "same" for f in self.files)


def compare(old: dict, new: dict, agencies: dict | None = None) -> ModelDiff:
    """`old`, `new`: {filename: xml (str or bytes) or Parsed} of the two
    versions; pass them parsed (parsed.parse_files) when the page reads them again.
    `agencies`: {code: (name_zh, name_en)}, so a rule row names 工務局, not PWB."""
    old_parsed, new_parsed = parse_files(old), parse_files(new)
    old_docs = {n: _document(p) for n, p in old_parsed.items()}
    new_docs = {n: _document(p) for n, p in new_parsed.items()}
    before = _elements(old_docs)
    after = _elements(new_docs)
    changes = [_added(after[k]) for k in after if k not in before]
    changes += [_removed(before[k]) for k in before if k not in after]
    changes += [c for k in after if k in before for c in _changed(before[k], after[k])]
    order = _order(before, after)
    changes.sort(key=lambda c: order[c.element_id])
    _say_rules(changes, dmnwords.RowWords(old_parsed, agencies), dmnwords.RowWords(new_parsed, agencies))
    names = sorted(set(old) | set(new))
    return ModelDiff(changes, [_file_diff(n, old_docs.get(n), new_docs.get(n)) for n in names])


def _say_rules(changes: list, old, new) -> None:
    """A rule row by its position and values (第 3 列：類別 = 道路坑洞破損 → …),
    which the analyst reads in the table, rather than its generated id."""
    for c in changes:
        for x in c.details:
            if x.prop == "rule":
                x.said_before = old.say(c.element_id, x.item) if x.before is not None else None
                x.said_after = new.say(c.element_id, x.item) if x.after is not None else None


def _order(before: dict, after: dict) -> dict:
    """Document order of the new version; a removed element sits after the
    element that preceded it in the old one."""
    pos = {k: float(i) for i, k in enumerate(after)}
    last = -1.0
    for k in before:
        if k in pos:
            last = pos[k]
        else:
            pos[k] = last + 0.5
    return pos


@dataclass
class _Doc:
    root: object | None       # None when the XML was refused
    text: str


def _document(parsed: Parsed) -> _Doc:
    if parsed.root is None:
        return _Doc(None, parsed.data.decode("utf-8", "replace"))
    return _Doc(parsed.root, _indented(parsed.root))


def _indented(root) -> str:
    copy = deepcopy(root)   # a copy, not a second parse: indent() rewrites whitespace in place
    etree.indent(copy, space="  ")
    return etree.tostring(copy, encoding="unicode")


def _elements(docs: dict) -> dict:
    found = {}
    for name, doc in docs.items():
        if doc.root is not None:
            for el in read.elements(doc.root):
                found.setdefault(el.id, el._replace(file=name))
    return found


def _added(el) -> ElementChange:
    return ElementChange("added", el.id, el.name, el.type, el.file)


def _removed(el) -> ElementChange:
    return ElementChange("removed", el.id, el.name, el.type, el.file)


def _changed(old, new) -> list[ElementChange]:
    details = _prop_details(old.props, new.props)
    details += _keyed_details("field", old.fields, new.fields)
    details += _keyed_details("rule", old.rules, new.rules)
    if not details:
        return []
    return [ElementChange("changed", new.id, new.name or old.name, new.type, new.file, details)]


def _prop_details(old: dict, new: dict) -> list[Detail]:
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        change = "added" if a is None else "removed" if b is None else "changed"
        out.append(Detail(key, change, a, b))
    return out


def _keyed_details(prop: str, old: dict, new: dict) -> list[Detail]:
    """Form fields by name, DMN rules by id: each value a dict of attributes."""
    out = []
    for key in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(key), new.get(key)
        if a is None:
            out.append(Detail(prop, "added", None, read.summary(b), key, new=b))
        elif b is None:
            out.append(Detail(prop, "removed", read.summary(a), None, key, old=a))
        elif a != b:
            attrs = [k for k in {**a, **b} if a.get(k) != b.get(k)]
            out.append(Detail(prop, "changed", read.summary(a), read.summary(b), key, attrs, a, b))
    return out


def _file_diff(name: str, old: _Doc | None, new: _Doc | None) -> FileDiff:
    if old is None or new is None:
        status = "added" if old is None else "removed"
    else:
        status = "same" if old.text == new.text else "changed"
    if status == "same":
        return FileDiff(name, status)
    a = old.text.splitlines() if old else []
    b = new.text.splitlines() if new else []
    lines = list(difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", n=3, lineterm=""))
    return FileDiff(name, status, lines[:MAX_DIFF_LINES], len(lines) > MAX_DIFF_LINES)
