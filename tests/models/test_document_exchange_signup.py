"""Every path of bpmn/document_exchange_signup.bpmn: a civil organisation
applies for the city's electronic document exchange; the department reviews
it, sets up the account when approved and tells the organisation either way."""
from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled

from .conftest import at, day

DOA_OFFICER = Actor("doa.officer", "DOA", frozenset({"officer"}))
APPLICATION = {"organisation_name": "高雄市社區營造協會", "organisation_kind": "association",
               "registration_number": "高市社團字第1090123號", "contact_name": "陳理事長",
               "contact_email": "office@community.example.tw", "contact_phone": "07-3456789",
               "application_reason": "與市府各機關往來公文改以電子交換"}


def apply(lib):
    lib.clock.set(at(2026, 3, 2))
    [ref] = start_filled(lib.engine, "document_exchange_signup",
                         [Start(APPLICATION, {"title": "公文電子交換申請"},
                                {"name": "陳理事長", "email": "office@community.example.tw"})],
                         actor=DOA_OFFICER)
    return ref["id"]


def test_an_approved_organisation_gets_an_account_and_a_notice(library):
    cid = apply(library)
    review = library.task(cid, "review_application")
    assert (review.candidate_agency, day(review.due_at)) == ("DOA", "2026-03-09")
    library.complete(cid, "review_application", decision="approved")
    assert day(library.task(cid, "setup_account").due_at) == "2026-03-09"
    library.complete(cid, "setup_account", exchange_account="ORG0043", certificate_issued=True,
                     setup_on="2026-03-04")
    library.complete(cid, "notify_organisation", notice_number="高市府行資字第1150001號",
                     notice_text="貴會申請使用本府公文電子交換服務，業已開通。")
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert (data["organisation_name"], data["decision"]) == ("高雄市社區營造協會", "approved")
    assert [n[:2] for n in library.notices(cid)] == [("reply", "office@community.example.tw")]


def test_a_rejected_application_is_told_why_without_an_account(library):
    cid = apply(library)
    library.complete(cid, "review_application", decision="rejected", review_notes="非屬本市立案之民間組織")
    assert library.open_elements(cid) == ["notify_organisation"]
    library.complete(cid, "notify_organisation", notice_number="高市府行資字第1150002號",
                     notice_text="經審查非屬本市立案之民間組織，歉難同意。")
    assert library.data(cid)["decision"] == "rejected"
    assert "setup_account" not in library.completed_elements(cid)
    assert library.case(cid).status == "completed"
