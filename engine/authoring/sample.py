"""Sample values for a task form, for a test-run: what the analyst gets
prefilled, and what a step uses when the analyst gave nothing for a task.

The model's own sample (`example`, engine/models/examples.py) comes first,
then the field's default, then the first choice, then a value that passes
the field's type check (a required yes/no is ticked, since a required
confirmation that is never given would stop every test-run). Text is said in
Chinese, as the analyst reads it; a date and time is the day after the day
received, so a booking or a trip is never in the past when the case arrives.
"""
from __future__ import annotations

from datetime import date, timedelta

from engine.models import examples
from engine.models.meta import Field

from . import sample_forms
from .sample_forms import SampleForms
from .sample_resources import fitted

TEXT = "測試"


def sample_value(f: Field, received_day: str, agency: str | None):
    try:
        if f.example is not None:
            return examples.value(f, received_day)
    except examples.BadExample:
        pass   # a draft's wrong example: the run's validation says what is wrong with it
    if f.default not in (None, ""):
        return _from_default(f)
    if f.resource and not f.choices:   # none in service (sample_resources): none to book
        return ""
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
    if f.type == "integer" and (year := _roc_year(f, received_day)) is not None:
        return year
    low = f.min if isinstance(f.min, (int, float)) else 1   # a date's bound is "today" or a date
    values = {
        "boolean": bool(f.required or getattr(f, "confirm", False)),
        "integer": int(low),
        "decimal": float(low),
        "date": received_day,
        "datetime": f"{date.fromisoformat(received_day) + timedelta(days=1)}T09:00:00+08:00",
        "email": "test@example.invalid",
        "agency": agency or "DOA",
        "agencies": [agency or "DOA"],
        "case_number": "115-000001",
    }
    if f.type in values:
        return values[f.type]
    return TEXT[: f.maxlength] if f.maxlength else TEXT


def _roc_year(f: Field, received_day: str) -> int | None:
    """The ROC year received (115 in 2026) for a year of the Republic (its
    label says 民國 or 年度, or its name ends in _year) that admits it, not
    its minimum (民國100年): a model deployed before its `example` said so."""
    if "民國" not in f.label_zh and "年度" not in f.label_zh and not f.name.endswith("_year"):
        return None
    year = int(received_day[:4]) - examples.ROC_OFFSET
    low, high = (b if isinstance(b, (int, float)) else None for b in (f.min, f.max))
    return year if (low is None or low <= year) and (high is None or year <= high) else None


def sample_form(fields: list[Field], received_day: str, agency: str | None = None) -> dict:
    """{field name: sample value} for every field of a form."""
    return {f.name: sample_value(f, received_day, agency) for f in fields}


def prefill(files: dict, key: str, received_day: str) -> tuple[dict, dict]:
    """(start data, {element id: form}) to offer for a test-run of `key`."""
    return samples(sample_forms.read(files, key), received_day)


def samples(forms: SampleForms, received_day: str, resources: list[dict] | None = None
            ) -> tuple[dict, dict]:
    """The start data (a title and the start form's fields) and every user
    task's sample form (sample_forms.py: without what the start data gives),
    booking the `resources` in service (None: the model's examples)."""
    start = sample_form(fitted(forms.start, resources), received_day, forms.start_agency)
    tasks = {t.element_id: sample_form(fitted(t.own, resources), received_day, t.task.lane_agency)
             for t in forms.tasks}
    return {"title": forms.title(start), **start}, tasks
