"""The citizen's status page says how a consumer complaint ended and shows
the words the consumer was sent, at every ending of bpmn/consumer_complaint.bpmn:
the consultation's answer, the business's reply, the consumer protection
officer's handling result and findings, the mediation's outcome (its
record's number and ROC date, a failure); never the
'no reply text, call 1999' line, never a code, and the rating below it.
A consumer with no e-mail address (phone only) reads the same words."""
from __future__ import annotations

from engine.cases.actors import Actor
from webapp import petitions
from webtest_support import page_text, ready_task, section_text

from test_consumer_complaint_steps import CPO, complaints  # noqa: F401  (its fixture)

ZH = {"Accept-Language": "zh-TW"}
CDMC = Actor("cdmc1", "CDMC", frozenset({"officer"}))
PASS = "aB3dE5gH"
ANSWER = "健身房預付會費可依定型化契約請求退還未使用部分。"
REPLY = "本公司同意退還未使用之十個月會費兩萬元，已於三月十日匯款。"
FINDINGS = "經消保官函請業者說明並協商，業者同意全額退費。"
NO_REPLY_LINE = "本頁沒有可閱覽的答覆內容"


def work(rt, case_id, element, who=CPO, **form):
    t = ready_task(rt, case_id, element)
    rt.claim(t.id, who)
    rt.complete(t.id, who, form)


def filed(rt, request_type, email="chang@example.tw", **over) -> str:
    """A complaint with its status password, at the step after intake; its number."""
    person = {"name": "張志明", "phone": "0933222111", "email": email,
              "status_password_hash": petitions.password_hash(PASS)}
    started = rt.start_case("consumer_complaint", {"title": "力健健身房 消費爭議"},
                            petitioner_info=person)
    work(rt, started["id"], "intake", request_type=request_type, category="fitness",
         consumer_name="張志明", business_name="力健健身房", claim_text="健身房歇業未退費",
         **{"has_prior_complaint": False, "already_mediated": False, **over})
    return started["id"], started["number"]


def status(app, number) -> str:
    client = app.test_client()
    client.post("/public/status", data={"number": number, "password": PASS}, headers=ZH)
    return client.get("/public/status/case", headers=ZH).get_data(as_text=True)


def replied(app, number) -> str:
    """The page's reply section, after checking what the whole page must not say."""
    page = status(app, number)
    text = page_text(page)
    assert "已結案" in text and NO_REPLY_LINE not in text and "1999" not in text
    assert "outcome" not in text and "_" not in section_text(page, "reply-h")
    assert 'id="rating-form"' in page                    # rated below what there is to read
    return section_text(page, "reply-h")


def test_a_consultation_shows_its_answer(app, complaints):
    cid, number = filed(complaints, "consultation")
    work(complaints, cid, "answer_consultation", consultation_answer=ANSWER, becomes_complaint=False)
    said = replied(app, number)
    assert "您的消費諮詢已答覆如下，本案以諮詢結案。" in said and ANSWER in said
    assert "答覆日期：民國115年" in said


def test_a_complaint_the_business_settled_shows_its_reply(app, complaints):
    cid, number = filed(complaints, "first_complaint")
    work(complaints, cid, "business_response", business_reply=REPLY, properly_handled=True)
    said = replied(app, number)
    assert "企業經營者已妥適處理您的申訴，本案結案。" in said and REPLY in said


def test_a_consumer_who_stops_after_the_first_complaint_reads_why_and_the_reply(app, complaints):
    cid, number = filed(complaints, "first_complaint", email=None)   # phone only: nothing e-mailed
    work(complaints, cid, "business_response", business_reply=REPLY, properly_handled=False)
    work(complaints, cid, "consumer_next", files_second_complaint=False)
    said = replied(app, number)
    assert "企業經營者未妥適處理您的申訴，您未提出第二次申訴，本案結案。" in said and REPLY in said


def test_the_officers_handling_result_and_findings_are_shown(app, complaints):
    cid, number = filed(complaints, "second_complaint")
    work(complaints, cid, "second_complaint", cpo_findings=FINDINGS, second_outcome="resolved")
    said = replied(app, number)
    assert "消費者保護官已處理您的第二次申訴，處理結果：已解決，本案結案。" in said
    assert FINDINGS in said


def test_a_settled_mediation_names_its_record_and_its_date_in_roc(app, complaints):
    cid, number = filed(complaints, "mediation", has_prior_complaint=True)
    work(complaints, cid, "mediation_session", who=CDMC, session_date="2026-03-02",
         members_present=7, business_attended=True, session_result="settled")
    work(complaints, cid, "record_settlement", who=CDMC, record_number="高市消調字第115001號",
         signed_on="2026-03-02", court_approval=True)
    said = replied(app, number)
    assert ("調解成立，本案結案。調解書字號：高市消調字第115001號，簽名日期：民國115年3月2日；"
            "調解書已送法院核定。") in said
    assert "2026" not in said


def test_a_failed_mediation_says_so_in_chinese_only(app, complaints):
    cid, number = filed(complaints, "mediation", has_prior_complaint=True)
    work(complaints, cid, "mediation_session", who=CDMC, session_date="2026-03-02",
         members_present=7, business_attended=False, session_result="failed")
    said = replied(app, number)
    assert "調解不成立，您可向法院提起小額訴訟。" in said and "Mediation" not in said
