"""A consent wording carries the month its words were written: its edition
is said from that month in the reader's language (ROC in zh-TW, Gregorian in
English) and its version code is made from it, never parsed back; a code
no wording has reads "version not recorded" in the reader's language."""
from __future__ import annotations

import pytest

from webapp import consent

ZH, EN = {"Accept-Language": "zh-TW"}, {"Accept-Language": "en"}


def said(app, headers, call):
    with app.test_request_context("/", headers=headers):
        return call()


def test_the_code_kept_with_a_case_is_made_from_the_wordings_month():
    assert consent.PETITION.version == "petition-2026-12"   # what stored cases hold
    assert consent.COMPLAINT.version == "complaint-2026-03"
    assert consent.recorded(consent.COMPLAINT)["consent_version"] == "complaint-2026-03"


@pytest.mark.parametrize("headers, petition, complaint", [
    (ZH, "115年12月版", "115年3月版"),
    (EN, "version of December 2026", "version of March 2026")])
def test_the_edition_is_said_from_the_month_the_wording_carries(app, headers, petition, complaint):
    assert said(app, headers, consent.PETITION.edition) == petition
    assert said(app, headers, lambda: consent.edition("complaint-2026-03")) == complaint


def test_a_new_wording_is_named_by_its_own_month_whatever_its_code_looks_like(app):
    later = consent.Wording("petition", 2027, 7, "新的告知文字", "請同意")
    assert later.version == "petition-2027-07"
    assert said(app, ZH, later.edition) == "116年7月版"
    assert said(app, EN, lambda: consent.edition(later)) == "version of July 2027"


@pytest.mark.parametrize("code", ["petition-2025-06", "petition-2026-13", "", "2026-12"])
def test_a_code_no_wording_has_reads_version_not_recorded(app, code):
    """Even one that looks like a month: a month is never read out of a code."""
    assert said(app, ZH, lambda: consent.edition(code)) == "版本未記錄"
    assert said(app, EN, lambda: consent.edition(code)) == "version not recorded"
    assert said(app, ZH, lambda: consent.edition(None)) == "版本未記錄"


def test_a_case_names_its_wordings_month_and_words_and_an_unknown_one_no_words(app):
    agreed = said(app, ZH, lambda: consent.of_case(consent.recorded(consent.PETITION)))
    assert agreed.edition == "115年12月版" and agreed.text is consent.PETITION.text
    unknown = said(app, EN, lambda: consent.of_case({"consent_disclosure": True,
                                                     "consent_version": "petition-2019-01"}))
    assert unknown.edition == "version not recorded" and unknown.text is None
    assert consent.of_case({"consent_version": "petition-2026-12"}) is None   # not agreed


# The codes cases filed on the public forms hold, by their literal text: a
# wording's month changed in place (not retired: webapp/consent.py) fails here.
STORED = {"petition-2026-12": ("115年12月版", "version of December 2026"),
          "complaint-2026-03": ("115年3月版", "version of March 2026")}


@pytest.mark.parametrize("code", sorted(STORED))
def test_every_code_stored_cases_hold_still_says_its_edition_and_words(app, code):
    zh, en = STORED[code]
    data = {"consent_disclosure": True, "consent_version": code}
    agreed = said(app, ZH, lambda: consent.of_case(data))
    assert agreed.edition == zh and agreed.text is not None
    assert said(app, EN, lambda: consent.of_case(data)).edition == en


def test_two_wordings_of_one_form_and_month_are_refused():
    """Retiring a wording and adding its successor with the same month would
    make the cases' words ambiguous."""
    old = consent.Wording("petition", 2026, 12, "舊的告知文字", "請同意")
    assert consent._by_version((old,)) == {"petition-2026-12": old}
    with pytest.raises(ValueError, match="petition-2026-12"):
        consent._by_version((consent.PETITION, old))


def test_every_wording_a_case_may_name_is_pinned_here():
    """A new wording's code joins STORED above as the first case holds it."""
    assert set(consent.WORDINGS) == set(STORED)
    assert {consent.PETITION.version, consent.COMPLAINT.version} <= set(STORED)
