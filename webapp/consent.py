"""The citizen's consent on a public form (個人資料保護法 Arts. 8 and 19):
what they agree the city does with their personal data, the same box on
the petition and the consumer complaint, and what is kept with the case.

The wording and its version sit side by side: whoever changes a form's
words gives them a new version, so each case says which words its
person agreed to (case data `consent_disclosure`, `consent_version`).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import taskform
from .i18n import current_locale
from .roc_dates import ROC_OFFSET

FIELD = "consent"


@dataclass(frozen=True)
class Wording:
    version: str
    text: object      # what the box says (lazy: the viewer's language)
    refused: object   # the error beside an unticked box


PETITION = Wording(
    "petition-2026-12",
    _l("I agree that the Kaohsiung City Government collects and uses my name, contact details "
       "and petition to handle this petition, and that the agencies it is referred to "
       "read them for that purpose only (Personal Data Protection Act)."),
    _l("Please agree, so that the city can handle your petition and refer it to the "
       "agencies concerned."))
COMPLAINT = Wording(
    "complaint-2026-03",
    _l("I agree that the consumer service centre gives my name, contact details and complaint "
       "to the business, to handle this complaint (Personal Data Protection Act)."),
    _l("Please agree, so that the centre can send your complaint to the business."))


def given(form) -> bool:
    return taskform.ticked(form, FIELD)


def recorded(wording: Wording) -> dict:
    """Stored with the case's data when it starts, in its start's audit record."""
    return {"consent_disclosure": True, "consent_version": wording.version}


WORDINGS = {w.version: w for w in (PETITION, COMPLAINT)}
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July",
              "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class Agreed:
    """What the case page tells staff: the person agreed, to which words."""
    edition: str        # "115年12月版": the month the words were written
    text: object        # the words, or None for a version this code no longer has


def of_case(data: dict) -> Agreed | None:
    """The consent a case's data holds (cases filed on a public form since
    the box exists); None for every other case."""
    if data.get("consent_disclosure") is not True:
        return None
    version = str(data.get("consent_version") or "")
    wording = WORDINGS.get(version)
    return Agreed(edition(version), wording.text if wording else None)


def edition(version: str) -> str:
    """'petition-2026-12' as its reader says the month: 115年12月版, December 2026."""
    head, _sep, month = version.rpartition("-")
    year = head[-4:]
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return _("version not recorded")
    if current_locale() == "en":
        return _("version of %(month)s", month=f"{_MONTHS_EN[int(month) - 1]} {year}")
    return _("version of %(month)s", month=f"{int(year) - ROC_OFFSET}年{int(month)}月")
