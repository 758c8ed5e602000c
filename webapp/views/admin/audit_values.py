"""Codes an audit detail stores, in the reader's words: an agency's or a
resource's kind, an administrative centre, a district, whom a notice was
for and why it was not sent, the petitioner's contact fields a clerk
recorded, the report's sections. Each is worded as the page that sets it
words it (admin/agencies, admin/resources, the calendar, the report)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engine.time import districts as kdistricts

from ...labels import agency_name
from ...report_headings import section_name
from .actions import notice_kind
from .agencies import KIND_LABELS as AGENCY_KINDS
from .audit_shapes import calendar_kind, district_name
from .resources import CENTRE_LABELS, KIND_ONE as RESOURCE_KINDS

# notices.enqueue_all's `to`: the petitioner, the case's responsible agency,
# an agency by its code or an address.
ADDRESSEES = {"petitioner": _l("the petitioner"), "agency": _l("the responsible agency")}
SKIP_REASONS = {"no address on file": _l("no address on file")}
# notices.record_contact: which of the petitioner's contacts were given (never the values).
CONTACTS = {"email": _l("e-mail address"), "address": _l("postal address")}

# The keys whose value is an agency's code (an agency's own record, a transfer).
AGENCY_KEYS = frozenset({"agency", "from_agency", "to_agency", "parent_code"})


def kind(action: str, value: str) -> str:
    """A `kind` as the page of the action's family says it."""
    if action.startswith("agency_"):
        return str(AGENCY_KINDS.get(value, value))
    if action.startswith("resource_"):
        return str(RESOURCE_KINDS.get(value, value))
    return calendar_kind(value) or notice_kind(value)


def district(code: str) -> str:
    """A district's name in the reader's language (苓雅區, Lingya District)."""
    found = kdistricts.by_code().get(code)
    return district_name(found) if found is not None else code


def addressee(value: str) -> str:
    if value in ADDRESSEES:
        return str(ADDRESSEES[value])
    return value if "@" in value else agency_name(value)


def skip_reason(value: str) -> str:
    return str(SKIP_REASONS.get(value, value))


def contact(value: str) -> str:
    return str(CONTACTS.get(value, value))


def centre(value: str) -> str:
    return str(CENTRE_LABELS.get(value, value))


def one_line(text: str) -> str:
    """A reply's paragraphs on one line, as the page shows them (the CSV says the same)."""
    return " ".join(str(text).split())


def report_section(key: str) -> str:
    """A section of the period report by its heading, in the reader's language."""
    return section_name(key)


# A value in words by the action and key it is recorded under, or by its key alone.
ACTION_VALUES = {
    ("notice_skipped", "to"): addressee, ("notice_skipped", "reason"): skip_reason,
    ("agency_district_moved", "before"): district, ("agency_district_moved", "after"): district,
    ("contact_recorded", "fields"): contact, ("report_prose_saved", "sections"): report_section,
    ("reply", "text"): one_line,
}
KEY_VALUES = {"district": district, "centre": centre}
