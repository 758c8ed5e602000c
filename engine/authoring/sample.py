"""Sample values for a task form, for a test-run: what the analyst gets
prefilled, and what a step uses when the analyst gave nothing for a task.

A field's own default comes first, then the first choice, then a value that
passes the field's type check (a required yes/no is ticked, since a required
confirmation that is never given would stop every test-run).
"""
from __future__ import annotations

from engine.models import meta as modelmeta
from engine.models.meta import Field
from engine.models.xmlsafe import parse_xml

TEXT = "測試 test"


def sample_value(f: Field, received_day: str, agency: str | None):
    if f.default not in (None, ""):
        return _from_default(f)
    if f.choices:
        return [f.choices[0][0]] if f.type == "multichoice" else f.choices[0][0]
    if f.type in ("agency", "agencies") and not f.required:
        # An optional agency overrules what the model decides (the clerk's
        # 改由此機關主辦): a sample would send every test-run there.
        return "" if f.type == "agency" else []
    return _by_type(f, received_day, agency)


def _from_default(f: Field):
    if f.type == "boolean":
        return f.default.strip().lower() in ("true", "1", "yes", "on", "y")
    if f.type == "multichoice":
        return [f.default]
    return f.default


def _by_type(f: Field, received_day: str, agency: str | None):
    low = f.min if isinstance(f.min, (int, float)) else 1   # a date's bound is "today" or a date
    values = {
        "boolean": bool(f.required or getattr(f, "confirm", False)),
        "integer": int(low),
        "decimal": float(low),
        "date": received_day,
        "datetime": f"{received_day}T09:00:00+08:00",
        "email": "test@example.invalid",
        "agency": agency or "DOA",
        "agencies": [agency or "DOA"],
        "case_number": "115-000001",
    }
    if f.type in values:
        return values[f.type]
    return TEXT[: f.maxlength] if f.maxlength else TEXT


def sample_form(fields: list[Field], received_day: str, agency: str | None = None) -> dict:
    """{field name: sample value} for every field of a form."""
    return {f.name: sample_value(f, received_day, agency) for f in fields}


def prefill(files: dict, key: str, received_day: str) -> tuple[dict, dict]:
    """(start data, {element id: form}) to offer for a test-run of `key`:
    the start data holds a title and the fields of the task right after the
    start event (what an intake form collects); every user task gets the rest of its form."""
    metas, start_task = {}, None
    for name, xml in files.items():
        if name.lower().endswith(".bpmn"):
            root = parse_xml(xml.encode("utf-8") if isinstance(xml, str) else xml, name)
            for meta in modelmeta.extract(root).values():
                metas.update(meta.tasks)
            start_task = start_task or _first_task(root, key)
    tasks = {eid: sample_form(t.fields, received_day, t.lane_agency)
             for eid, t in metas.items() if t.fields}
    start = {"title": "測試案件 Test case", **tasks.get(start_task, {})}
    return start, without_start(tasks, start)


def without_start(tasks: dict, start: dict) -> dict:
    """Each task's sample without the fields the start data gives: the run
    keeps the start data's value (walk.py), so a task's sample never quietly
    sets it back when the analyst changes the start data."""
    out = {}
    for eid, form in tasks.items():
        rest = {k: v for k, v in form.items() if k not in start}
        if rest:
            out[eid] = rest
    return out


def _first_task(root, key: str) -> str | None:
    """The element the process's start event leads to."""
    ns = f"{{{modelmeta.BPMN_NS}}}"
    proc = next((p for p in root.iter(f"{ns}process") if p.get("id") == key), None)
    if proc is None:
        return None
    starts = {e.get("id") for e in proc.findall(f"{ns}startEvent")}
    return next((f.get("targetRef") for f in proc.findall(f"{ns}sequenceFlow")
                 if f.get("sourceRef") in starts), None)
