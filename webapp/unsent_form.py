"""What an officer typed into a task's form that was refused because the
step was no longer his (a supervisor reassigned it, someone else completed
it): read back to him beside the refusal, in the form's words, so nothing
he wrote is lost although the form itself is no longer his to send."""
from __future__ import annotations

from engine.models import conditions

from . import taskform
from .casepanel import shown_value
from .i18n import current_locale


def rows(fields, posted) -> list[tuple[str, str, bool]]:
    """[(label, value as he reads it, long text?)] of the answers he gave, in
    the form's order: choices by their words, never a code; the fields his
    answers hid and those he left empty are left out."""
    values = taskform.submitted(fields, posted)
    for f in fields:   # a decision's radio sends "true"/"false" as text
        if f.type == "boolean" and isinstance(values.get(f.name), str):
            values[f.name] = values[f.name] == "true"
    applying = conditions.applying(fields, values)
    locale = current_locale()
    return [(f.label(locale), shown_value(f, values[f.name], locale), f.type == "textarea")
            for f in fields if f.name in applying and values.get(f.name) not in (None, "", [])]
