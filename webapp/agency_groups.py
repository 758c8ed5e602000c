"""Every agency list the web offers (a task's 改分權責機關, the bulk transfer,
the board's filter, a start form, the team view's choice, the admin's forms)
reads the same way, as officials look an agency up: 局處 in the city's own
listing (engine/data/agency_order.py; not by the code points of a name),
then the 38 區公所 in the city's order of its districts (鹽埕、鼓山、左營…,
not by code), then the rest, each under its <optgroup>. `choices` orders
them once; the macro agency_options (templates/macros/fields.html) draws
them, and `select_choices` hands them to the admin's WTForms selects."""
from __future__ import annotations

from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from engine.data import agency_order
from engine.data.schema import agency
from engine.time import districts

from .i18n import current_locale

# The city's bureaus and first-level commissions (局處), then the district
# offices (區公所) together, then the rest (the city government itself,
# offices and committees under a bureau).
GROUPS = {"bureau": 1, "commission": 1, "district": 2}
OTHERS = 3
DISTRICTS = 2


class AgencyChoice(NamedTuple):
    code: str
    name_zh: str
    name_en: str
    group: int   # GROUPS: the <optgroup> it is offered under

    @property
    def group_label(self) -> str:
        return group_label(self.group)

    @property
    def name(self) -> str:
        """Its name in the viewer's language, never its code unless it has none."""
        if current_locale().startswith("en"):
            return self.name_en or self.name_zh or self.code
        return self.name_zh or self.name_en or self.code


def group_label(group: int) -> str:
    return {1: _("Bureaus and departments"), DISTRICTS: _("District offices")}.get(
        group, _("Other agencies"))


def choices(conn, kinds=None, codes=None, active_only: bool = True) -> list[AgencyChoice]:
    """The agencies in GROUPS' order; `kinds` and `codes` narrow them, and
    `active_only=False` keeps deactivated ones (the board filters to agencies
    whose cases remain)."""
    q = select(agency.c.code, agency.c.name_zh, agency.c.name_en, agency.c.kind, agency.c.district)
    if active_only:
        q = q.where(agency.c.active.is_(True))
    if kinds:
        q = q.where(agency.c.kind.in_(kinds))
    if codes is not None:
        q = q.where(agency.c.code.in_(sorted(codes)))
    return arrange(conn.execute(q).all())


def arrange(rows) -> list[AgencyChoice]:
    """Rows of (code, name_zh, name_en, kind, district) in GROUPS' order:
    bureaus and the others in the city's listing (one it lacks after, by
    name in the viewer's language), district offices in the city's order
    of its districts."""
    english = current_locale().startswith("en")
    place = {d.code: i for i, d in enumerate(districts.all_districts())}

    def key(r):
        group = GROUPS.get(r.kind, OTHERS)
        name = (r.name_en if english else r.name_zh) or r.code
        return (group, place.get(r.district, len(place)) if group == DISTRICTS else 0,
                *agency_order.key(r.code, name))
    return [AgencyChoice(r.code, r.name_zh, r.name_en, GROUPS.get(r.kind, OTHERS))
            for r in sorted(rows, key=key)]


def transfer_choices(conn, viewer) -> list[AgencyChoice]:
    """The agencies a bulk 改分 offers: every one but the supervisor's own,
    whose tasks are the ones moving (as a task's 改分 list leaves out the
    task's agency); an administrator moves any agency's tasks, so all."""
    agencies = choices(conn)
    return agencies if viewer.sees_all else [a for a in agencies if a.code != viewer.agency]


def select_choices(agencies: list[AgencyChoice]) -> list[SelectChoice]:
    """The same list for a WTForms select: each option under its <optgroup>."""
    return [SelectChoice(a.code, a.name, optgroup=a.group_label) for a in agencies]
