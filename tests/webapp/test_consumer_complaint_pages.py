"""A consumer complaint's later steps on the task pages: the consumer
protection officer and the mediation committee read what the consumer asks
of the business (申訴請求) beside the business's reply and the officer's
findings; whoever writes the mediation record, or records an objection to
the committee's proposal, reads the session's date and minutes (the model's
show_fields)."""
import pytest
from sqlalchemy import select

from engine.data.schema import case
from webtest_support import deploy_library, recalled, work_step

ASK = "退還剩餘九個月會費一萬八千元"
REPLY = "本公司僅同意退還三個月會費。"
FINDINGS = "業者堅持契約條款，協商未果。"
TERMS = "業者同意退還六個月會費一萬二千元，分兩期給付。"


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("cpoclerk", "CPO", ["intake"]), ("cpo1", "CPO", ["officer"]),
                            ("cdmc1", "CDMC", ["officer"]), ("cdmcclerk", "CDMC", ["intake"])])
    return app


def _to_the_last_session(rt, db, client_for, result) -> int:
    """A first complaint through the officer to mediation, whose session ends in `result`."""
    clerk, officer, committee = client_for("cpoclerk"), client_for("cpo1"), client_for("cdmc1")
    resp = clerk.post("/cases/new/consumer_complaint", data={
        "request_type": "first_complaint", "category": "fitness", "consumer_name": "陳美玲",
        "consumer_contact": "0911222333", "business_name": "力健健身房",
        "claim_text": "健身房突然歇業，預付一年會費未退。", "claim_request": ASK, "purchase_date": "2026-01-05"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "consumer_complaint")).scalar_one()
    work_step(clerk, rt, cid, "business_response", {"business_reply": REPLY, "properly_handled": "false"})
    work_step(clerk, rt, cid, "consumer_next", {"files_second_complaint": "true"})
    second = recalled(work_step(officer, rt, cid, "second_complaint",
                                {"cpo_findings": FINDINGS, "second_outcome": "unresolved"}))
    assert second == f"本案先前登錄的內容 申訴請求 {ASK} 消費日期 民國115年1月5日 企業回覆 {REPLY}"
    work_step(clerk, rt, cid, "mediation_offer", {"applies_mediation": "true"})
    session = recalled(work_step(committee, rt, cid, "mediation_session", {
        "session_date": "2026-03-02", "members_present": "7", "business_attended": "true",
        "session_result": result, "session_notes": TERMS}))
    assert session == f"本案先前登錄的內容 申訴請求 {ASK} 企業回覆 {REPLY} 處理情形 {FINDINGS}"
    return cid


def test_the_mediation_record_reads_the_settled_session(library, rt, db, client_for):
    cid = _to_the_last_session(rt, db, client_for, "settled")
    record = recalled(work_step(client_for("cdmc1"), rt, cid, "record_settlement", None))
    assert record == f"本案先前登錄的內容 開會日期 民國115年3月2日 會議紀錄 {TERMS}"


def test_the_objection_step_reads_the_committees_proposal(library, rt, db, client_for):
    cid = _to_the_last_session(rt, db, client_for, "proposal")
    objection = recalled(work_step(client_for("cdmcclerk"), rt, cid, "objection_window",
                                   {"objection_filed": "false"}))
    assert objection == f"本案先前登錄的內容 開會日期 民國115年3月2日 會議紀錄 {TERMS}"
