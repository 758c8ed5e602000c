"""Form pieces the admin pages share: choices by name (never codes), the
field-by-field markup is in templates/admin/_form.html."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import SelectField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from engine.data.schema import agency
from engine.models.meta import ROLES

from ...i18n import current_locale
from ...labels import role_label


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes: roles are few, a multi-select hides them."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def agency_choices(conn) -> list[tuple[str, str]]:
    """Active agencies as (code, name in the viewer's language), by name."""
    rows = conn.execute(select(agency.c.code, agency.c.name_zh, agency.c.name_en)
                        .where(agency.c.active.is_(True))).all()
    english = current_locale().startswith("en")
    named = [(r.code, (r.name_en if english else r.name_zh) or r.code) for r in rows]
    return sorted(named, key=lambda pair: pair[1])


def role_choices() -> list[tuple[str, str]]:
    return [(code, role_label(code)) for code in ROLES]


def agency_field(label=_l("Agency")) -> SelectField:
    return SelectField(label, choices=[], validate_choice=True,
                       render_kw={"required": True})


def roles_field() -> CheckboxesField:
    return CheckboxesField(_l("Roles"), choices=[])
