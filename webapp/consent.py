"""The citizen's consent on a public form (個人資料保護法 Arts. 8 and 19):
what they agree the city does with their personal data, the same box on
the petition and the consumer complaint, and what is kept with the case.

The wording carries the month its words were written, and its version
code is made from that month; each case says which words its person agreed
to (case data `consent_disclosure`, `consent_version`). Nothing is read
back out of a code.

Changing a form's words: move its current Wording, unchanged, into RETIRED
(cases already filed keep naming its month and words), then give the form
a new Wording with the month the new words were written. Never edit a
Wording's month or words in place: every case that agreed to it would read
"version not recorded" (tests/webapp/test_consent_wording.py pins the
codes stored cases hold).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, gettext as _
from flask_babel import lazy_gettext as _l

from . import taskform
from .i18n import current_locale
from .roc_dates import ROC_OFFSET

FIELD = "consent"


@dataclass(frozen=True)
class Wording:
    form: str         # which public form shows it
    year: int         # when its words were written (Gregorian)
    month: int
    text: object      # what the box says (lazy: the viewer's language)
    refused: object   # the error beside an unticked box

    @property
    def version(self) -> str:
        """The code kept with each case: 'petition-2026-12'."""
        return f"{self.form}-{self.year}-{self.month:02d}"

    def edition(self) -> str:
        """Its month as the reader says it: 115年12月版, version of December 2026."""
        if current_locale() == "en":
            month = format_date(date(self.year, self.month, 1), "MMMM y")
        else:
            month = f"{self.year - ROC_OFFSET}年{self.month}月"
        return _("version of %(month)s", month=month)


PETITION = Wording(
    "petition", 2026, 12,
    _l("I agree that the Kaohsiung City Government collects and uses my name, contact details "
       "and petition to handle this petition, and that the agencies it is referred to "
       "read them for that purpose only (Personal Data Protection Act)."),
    _l("Please agree, so that the city can handle your petition and refer it to the "
       "agencies concerned."))
COMPLAINT = Wording(
    "complaint", 2026, 3,
    _l("I agree that the consumer service centre gives my name, contact details and complaint "
       "to the business, to handle this complaint (Personal Data Protection Act)."),
    _l("Please agree, so that the centre can send your complaint to the business."))


def given(form) -> bool:
    return taskform.ticked(form, FIELD)


def recorded(wording: Wording) -> dict:
    """Stored with the case's data when it starts, in its start's audit record."""
    return {"consent_disclosure": True, "consent_version": wording.version}


# Wordings no form shows any more, kept for the cases whose person agreed to
# them (see the module's docstring); none yet.
RETIRED: tuple[Wording, ...] = ()


def _by_version(wordings) -> dict:
    """{version code: wording}; two wordings of one form and month would
    make a case's words ambiguous, so that is refused at start-up."""
    out = {}
    for w in wordings:
        if w.version in out:
            raise ValueError(f"two consent wordings have the version {w.version}")
        out[w.version] = w
    return out


WORDINGS = _by_version((PETITION, COMPLAINT, *RETIRED))


@dataclass(frozen=True)
class Agreed:
    """What the case page tells staff: the person agreed, to which words."""
    edition: str        # "115年12月版": the month the words were written
    text: object        # the words, or None for a version WORDINGS does not hold


def of_case(data: dict) -> Agreed | None:
    """The consent a case's data holds (cases filed on a public form since
    the box exists); None for every other case."""
    if data.get("consent_disclosure") is not True:
        return None
    wording = WORDINGS.get(str(data.get("consent_version") or ""))
    return Agreed(edition(wording), wording.text if wording else None)


def edition(wording: Wording | str | None) -> str:
    """A wording's month as its reader says it (a version code is looked up,
    never parsed); "version not recorded" for none or a code this city's
    forms never had."""
    if isinstance(wording, str):
        wording = WORDINGS.get(wording)
    return wording.edition() if wording else _("version not recorded")
