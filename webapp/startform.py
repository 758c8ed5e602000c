"""The start form of a process (`<civicflow:start>`, engine/models/starts.py)
as the web shows and reads it: the fields given once, and the rows of the
fields given per case (`each`), each row one case.

Row fields are the model's fields renamed `<name>__<row>` so the shared
macro (templates/macros/fields.html) renders them unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace


from engine.cases.starting import Start
from engine.data.errors import InvalidData
from engine.models import forms
from engine.models.starts import StartMeta

from . import petitions, taskform

MAX_ROWS = 30
FIRST_ROWS = 3   # a council meeting passes a few resolutions; more on request
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class StartForm:
    declared: StartMeta
    fields: list          # every field of the start form's task
    rows: int = 1

    @property
    def shared(self) -> list:
        return [f for f in self.fields if f.name not in self.declared.each]

    @property
    def per_case(self) -> list:
        return [f for f in self.fields if f.name in self.declared.each]

    def row_fields(self, row: int) -> list:
        return [replace(f, name=f"{f.name}__{row}") for f in self.per_case]

    def defaults(self) -> dict:
        out = taskform.defaults(self.shared)
        for row in range(1, self.rows + 1):
            out.update(taskform.defaults(self.row_fields(row)))
        return out


def rows_wanted(declared: StartMeta, form) -> int:
    """How many rows to show: one without `each`, else as many as asked."""
    if not declared.each:
        return 1
    try:
        asked = int(form.get("rows", FIRST_ROWS))
    except ValueError:
        asked = FIRST_ROWS
    return max(1, min(MAX_ROWS, asked + (1 if "add_row" in form else 0)))


def read(sf: StartForm, form) -> list[dict]:
    """The submitted form values, one dict per case; rows left blank are skipped."""
    shared = taskform.submitted(sf.shared, form)
    if not sf.declared.each:
        return [shared]
    cases = []
    for row in range(1, sf.rows + 1):
        raw = taskform.submitted(sf.row_fields(row), form)
        values = {k.rsplit("__", 1)[0]: v for k, v in raw.items()}
        if _filled(sf.per_case, values):
            cases.append({**shared, **values})
    return cases or [shared]


def _filled(fields, values: dict) -> bool:
    """A row counts when something other than a prefilled default was given."""
    return any(values.get(f.name) not in (None, "", False, f.default) for f in fields)


def check(sf: StartForm, cases: list[dict], agencies: set) -> dict:
    """Errors by input name (row fields carry their row); empty when all is well."""
    errors = {}
    for row, values in enumerate(cases, start=1):
        try:
            forms.validate(sf.fields, values, agencies)
            continue
        except InvalidData as exc:
            row_errors = exc.errors
        for name, err in row_errors.items():
            key = f"{name}__{row}" if name in sf.declared.each else name
            errors[key] = err   # said in the viewer's language by the macro
    return errors


def starts(sf: StartForm, cases: list[dict], process_name: str) -> tuple[list[Start], str | None]:
    """What to hand the engine, and the status password when the case has a petitioner."""
    password = petitions.new_password() if sf.declared.petitioner else None
    out = []
    for values in cases:
        title = sf.declared.title_for(values) or process_name
        out.append(Start(values, {"title": title}, _petitioner(sf.declared, values, password)))
    return out, password


def _petitioner(declared: StartMeta, values: dict, password: str | None) -> dict | None:
    if not declared.petitioner:
        return None
    name_field, *rest = declared.petitioner
    contact = str(values.get(rest[0], "") if rest else "").strip()
    kind = "email" if EMAIL.match(contact) else "phone"
    return {"name": str(values.get(name_field) or ""), kind: contact[:200] or None,
            "status_password_hash": petitions.password_hash(password)}
