"""DMN rule rows in words, for an analyst who knows the table by its column
labels and the form's choices, not by ids and codes: 「第 3 列：類別 = 道路坑洞破損、
行政區 = 旗津區 → 處理期限 = 3」. Used by the check (a Unique table whose rows
overlap) and the comparison (a rule row added, removed or changed).

Labels are bilingual as the models write them ("Category 類別"): the half with
Chinese characters is the zh one. A literal input value is named by the choice
of the model's form field that the column reads (category -> 案件類別's choices),
else, when it is an agency code, by the agency's name (主辦機關 = 工務局, not PWB).
"""
from __future__ import annotations

import ast
import re
from typing import NamedTuple

from engine.models import meta as modelmeta
from engine.models.parsing import kind
from engine.models.validation import dmn
from .parsed import parse_files

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class Words(NamedTuple):
    zh: str
    en: str


def halves(label: str | None) -> Words:
    """("類別", "Category") from "Category 類別" or "類別 Category": the words with
    Chinese characters are the zh half, the others the English one."""
    tokens = (label or "").split()
    zh = " ".join(t for t in tokens if _CJK.search(t))
    en = " ".join(t for t in tokens if not _CJK.search(t))
    return Words(zh or en, en or zh)


class Vocabulary(NamedTuple):
    """What a model's forms call its fields and their choices, and the city's
    agencies by code (the caller reads them: the engine's authoring has no database)."""
    fields: dict              # field name -> Words (its label)
    choices: dict             # field name -> {value: Words}
    agencies: dict = {}       # agency code -> Words (its name)


def agency_words(agencies: dict | None) -> dict:
    """{code: Words} from {code: (name_zh, name_en)}; a missing half is the other one."""
    return {code: Words(zh or en or code, en or zh or code)
            for code, (zh, en) in (agencies or {}).items()}


def vocabulary(parsed: dict, agencies: dict | None = None) -> Vocabulary:
    """From the BPMN files of `parsed` ({filename: Parsed}); `agencies`:
    {code: (name_zh, name_en)} names a cell's agency code."""
    fields, choices = {}, {}
    for p in parsed.values():
        if p.root is None or kind(p.root) != "bpmn":
            continue
        for meta in modelmeta.extract(p.root).values():
            for task in meta.tasks.values():
                for f in task.fields:
                    fields.setdefault(f.name, Words(f.label_zh or f.name, f.label_en or f.label_zh or f.name))
                    named = {c[0]: Words(c[1] or c[0], c[2] or c[1] or c[0]) for c in f.choices}
                    choices.setdefault(f.name, {}).update(named)
    return Vocabulary(fields, choices, agency_words(agencies))


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _text_of(el) -> str:
    node = next((c for c in el.iter() if _local(c) == "text"), None)
    return (node.text or "").strip() if node is not None else ""


class Column(NamedTuple):
    label: Words
    reads: str                # the input expression (a field name, usually) or output name


def columns(table, vocab: Vocabulary) -> tuple[list[Column], list[Column]]:
    """(inputs, outputs) of a decisionTable element, each with its words."""
    ins, outs = [], []
    for c in table:
        if _local(c) == "input":
            reads = _text_of(c)
            ins.append(Column(_label(c.get("label"), reads, vocab), reads))
        elif _local(c) == "output":
            outs.append(Column(_label(c.get("label"), c.get("name") or "", vocab), c.get("name") or ""))
    return ins, outs


def _label(label, reads: str, vocab: Vocabulary) -> Words:
    if label and label.strip():
        return halves(label)
    return vocab.fields.get(reads) or Words(reads, reads)


def cell(column: Column, text: str | None, vocab: Vocabulary) -> Words | None:
    """「類別 = 道路坑洞破損」 for one cell; None for "-" (any value)."""
    kind_, value = dmn.cell_kind(text)
    if kind_ == "any":
        return None
    if kind_ == "expr":
        listed = _list(value)
        if listed is not None:   # an output list, e.g. the co-handling agencies: [] is none
            said = [_value(column, v, vocab) for v in listed]
            return Words(f"{column.label.zh} = {'、'.join(w.zh for w in said) or '無'}",
                         f"{column.label.en} = {', '.join(w.en for w in said) or 'none'}")
        return Words(f"{column.label.zh} {_quoted(column, value, vocab, 0)}",
                     f"{column.label.en} {_quoted(column, value, vocab, 1)}")
    shown = _value(column, value, vocab)
    return Words(f"{column.label.zh} = {shown.zh}", f"{column.label.en} = {shown.en}")


def _value(column: Column, value, vocab: Vocabulary) -> Words:
    """A literal by the choice of the column's field, else as an agency, else as written."""
    named = (vocab.choices.get(column.reads, {}).get(value) or vocab.agencies.get(value)) \
        if isinstance(value, str) else None
    return named or Words(str(value), str(value))


_QUOTED = re.compile(r"""(['"])([^'"]*)\1""")


def _quoted(column: Column, expression: str, vocab: Vocabulary, half: int) -> str:
    """An expression with its quoted values named (!= 'CITY' -> != 全市); an
    unnamed one keeps its quotes."""
    def name(m):
        shown = _value(column, m.group(2), vocab)
        return shown[half] if shown != Words(m.group(2), m.group(2)) else m.group(0)
    return _QUOTED.sub(name, expression)


def _list(text: str) -> list | None:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    return list(value) if isinstance(value, (list, tuple)) else None


def row_words(position: int, inputs: list, outputs: list, ins: list, outs: list,
              vocab: Vocabulary) -> Words:
    """「第 3 列：類別 = 道路坑洞破損、行政區 = 旗津區 → 處理期限 = 3」 from a row's cell texts."""
    when = [w for c, t in zip(ins, inputs) if (w := cell(c, t, vocab))]
    then = [w for c, t in zip(outs, outputs) if (w := cell(c, t, vocab))]
    zh_when = "、".join(w.zh for w in when) or "任何輸入"
    en_when = ", ".join(w.en for w in when) or "any input"
    return Words(f"第 {position} 列：{zh_when} → " + "、".join(w.zh for w in then),
                 f"row {position}: {en_when} → " + ", ".join(w.en for w in then))


# ---- the check: rows of a Unique table that overlap ---------------------------
def ranges(rows: list[int], sep: str) -> str:
    """"1–24、26" from [1, ..., 24, 26]."""
    runs, start = [], None
    for i, n in enumerate(rows):
        start = n if start is None else start
        if i + 1 == len(rows) or rows[i + 1] != n + 1:
            runs.append(f"{start}–{n}" if n > start else str(n))
            start = None
    return sep.join(runs)


def overlap_warnings(files: dict) -> list[dict]:
    """The check's warnings (drafts.review) for every row of a Unique table that
    an earlier row can match together with: {file, line, code, message_zh,
    message_en, severity: "warning"}, no element id (the row is named in words)."""
    parsed = parse_files(files)
    vocab = vocabulary(parsed)
    out = []
    for name, p in parsed.items():
        if p.root is None or kind(p.root) != "dmn":
            continue
        tables = {d.get("id"): t for d in p.root.iter() if _local(d) == "decision"
                  for t in d if _local(t) == "decisionTable"}
        for o in dmn.unique_overlaps(p.root):
            ins, _outs = columns(tables[o.decision_id], vocab)
            zh, en = _overlap_message(o, ins, vocab)
            out.append({"file": name, "element_id": None, "line": o.line, "code": "dmn_overlap",
                        "message_en": en, "message_zh": zh, "severity": "warning"})
    return out


def _overlap_message(o, ins: list, vocab: Vocabulary) -> tuple[str, str]:
    table = halves(o.decision_name) if o.decision_name else Words("", "")
    shared = [cell(ins[c], _entry_text(e), vocab) for c, e in o.shared if c < len(ins)]
    zh_why = "（" + "、".join(w.zh for w in shared if w) + "）" if any(shared) else ""
    en_why = " (" + ", ".join(w.en for w in shared if w) + ")" if any(shared) else ""
    zh = (f"決策表「{table.zh}」第 {ranges(o.earlier, '、')} 列與第 {o.row} 列可能同時符合{zh_why}："
          "命中原則為「唯一」時只能有一列符合；都符合時 civicflow 採用較前面的列。"
          "若有意依順序採用第一個符合的列，請將命中原則改為「第一條」。")
    en = (f"Decision table “{table.en}”: rows {ranges(o.earlier, ', ')} and {o.row} can match "
          f"the same input{en_why}. Under the hit policy Unique only one row may match; where "
          "several do, civicflow takes the earlier one. If taking the first matching row is "
          "intended, set the hit policy to First.")
    return zh, en


def _entry_text(entry: tuple) -> str:
    """A classified cell back to the text cell() reads."""
    kind_, value = entry
    return value if kind_ == "expr" else repr(value)


# ---- the comparison: a rule row by its position and values ---------------------
class RowWords:
    """Rule rows of one version's DMN files in words, by decision and rule id."""

    def __init__(self, parsed: dict, agencies: dict | None = None):
        self.vocab = vocabulary(parsed, agencies)
        self.tables = {d.get("id"): t for p in parsed.values()
                       if p.root is not None and kind(p.root) == "dmn"
                       for d in p.root.iter() if _local(d) == "decision"
                       for t in d if _local(t) == "decisionTable"}

    def say(self, decision_id: str, rule_id: str) -> Words | None:
        table = self.tables.get(decision_id)
        if table is None:
            return None
        rules = [r for r in table if _local(r) == "rule"]
        found = next(((n, r) for n, r in enumerate(rules, 1) if r.get("id") == rule_id), None)
        if found is None:
            return None
        n, rule = found
        ins, outs = columns(table, self.vocab)
        texts = {"inputEntry": [], "outputEntry": []}
        for c in rule:
            if _local(c) in texts:
                texts[_local(c)].append(_text_of(c))
        return row_words(n, texts["inputEntry"], texts["outputEntry"], ins, outs, self.vocab)
