"""What each step of a test-run's path was completed with, in words: the
field's label, its value as the case panel shows it (民國115年3月2日, 是/否,
a choice or a car by its label, an agency by its name), only the fields
that applied (a refused dispatch names no car). A value the model declares
no field for (typed in the JSON) keeps its name and text.
"""
from __future__ import annotations

import json

from engine.models import conditions
from engine.models.meta import Field

from .casepanel import shown_value
from .i18n import current_locale
from .sample_sheet import Sheet

NONE = "—"


def step_fields(sheet: Sheet) -> dict[str, list[Field]]:
    """{element id: the fields its step submits}, a resource's choices
    those the run could book (so a car reads as its plate and name)."""
    out = {t.form.element_id: t.rounds[0].fields for t in sheet.tasks}
    if sheet.model.start_element:
        out[sheet.model.start_element] = sheet.start.fields
    return out


def worded(fields: list[Field], form: dict) -> list[tuple[str, str]]:
    """[(label, value in words)] of a step's submitted `form`."""
    locale, declared = current_locale(), {f.name for f in fields}
    applying = conditions.applying(fields, form)
    rows = [(f.label(locale), shown_value(f, form[f.name], locale) or NONE)
            for f in fields if f.name in form and f.name in applying]
    return rows + [(name, _text(value)) for name, value in form.items() if name not in declared]


def _text(value) -> str:
    if value in (None, ""):
        return NONE
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
