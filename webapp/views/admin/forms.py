"""Form pieces the admin pages share: choices by name (never codes), the
field-by-field markup is in templates/admin/_form.html."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from engine.models.meta import ROLES

from ... import agency_groups
from ...labels import role_label
from ...i18n import date_input
from ...roc_dates import INPUT_PATTERN, NotADate, parse_roc_date

EXAMPLE_DAY = date(2026, 3, 2)   # shown as the reader's date fields take it


# WTForms' own messages come in English or Simplified Chinese: these fields
# check their choices and dates themselves and say so in the catalogue's words.

class ChoiceField(SelectField):
    """One of the listed choices, else `message` beside the field."""
    def __init__(self, label, message, **kw):
        super().__init__(label, choices=[], validate_choice=False, **kw)
        self.message = message

    def pre_validate(self, form):
        # choices may be (value, label) pairs or SelectChoices (an agency's, grouped)
        if self.data not in {SelectChoice.from_input(c).value for c in self.choices}:
            raise ValidationError(self.message)


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes: roles are few, a multi-select hides them."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        allowed = {value for value, _ in self.choices}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(_l("Choose one of the options."))


class DayField(Field):
    """A date typed as officials write it (115/03/02; an ISO date is read too),
    not the browser's mm/dd/yyyy picker; shown back in the same form. Its
    placeholder and example are the reader's: 2026-03-02 on English pages,
    the form the field shows a date in and the server reads."""
    widget = TextInput()

    def __init__(self, label=None, validators=None, **kw):
        kw.setdefault("render_kw", {"pattern": INPUT_PATTERN, "inputmode": "numeric",
                                    "autocomplete": "off"})
        super().__init__(label, validators, **kw)

    def __call__(self, **kwargs):
        kwargs.setdefault("placeholder", date_input(EXAMPLE_DAY))
        return super().__call__(**kwargs)

    def _value(self):
        return self.raw_data[0] if self.raw_data else date_input(self.data)

    def process_formdata(self, valuelist):
        try:
            self.data = parse_roc_date(valuelist[0] if valuelist else "")
        except NotADate:
            self.data = None
            raise ValueError(_l("Enter a valid date, e.g. %(example)s.",
                                example=date_input(EXAMPLE_DAY))) from None


def agency_choices(conn, leave_out=()) -> list[SelectChoice]:
    """Active agencies named in the viewer's language, grouped as every
    agency list (webapp/agency_groups.py), each under its <optgroup>."""
    return agency_groups.select_choices(
        [a for a in agency_groups.choices(conn) if a.code not in leave_out])


def role_choices() -> list[tuple[str, str]]:
    return [(code, role_label(code)) for code in ROLES]


def agency_field(label=_l("Agency")) -> ChoiceField:
    return ChoiceField(label, _l("Choose an agency from the list."), render_kw={"required": True})


def roles_field() -> CheckboxesField:
    return CheckboxesField(_l("Roles"), choices=[])
