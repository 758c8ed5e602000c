"""The consumer complaint on the web: whoever decides the next step reads the
business's recorded reply (and the consumer's words) beside the form; a
mediation session dated after today is refused beside its field, in ROC;
the case page names the consumer protection officers as 主辦機關."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import case
from webapp import users
from webtest_support import PASSWORD, ready_task

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
CLAIM = "健身房突然歇業，預付一年會費兩萬四千元未退。"
REPLY = "本公司僅同意退還三個月會費，其餘依契約不退。"
CPO = Actor("cpo1", "CPO", frozenset({"intake", "officer"}))


@pytest.fixture
def complaints(app, rt):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with rt.db.begin() as conn:
        users.add_user(conn, "cpo1", "CPO", ["intake", "officer"], PASSWORD)
        users.add_user(conn, "cdmc1", "CDMC", ["officer"], PASSWORD)
    return rt


def work(rt, case_id, element, **form):
    t = ready_task(rt, case_id, element)
    rt.claim(t.id, CPO)
    rt.complete(t.id, CPO, form)


def first_complaint_answered(rt) -> int:
    """A first complaint the business answered unsatisfactorily: at consumer_next."""
    cid = rt.start_case("consumer_complaint", {"title": "力健健身房 消費爭議"})["id"]
    work(rt, cid, "intake", request_type="first_complaint", category="fitness",
         consumer_name="張志明", business_name="力健健身房", claim_text=CLAIM,
         has_prior_complaint=False, already_mediated=False)
    work(rt, cid, "business_response", business_reply=REPLY, properly_handled=False)
    return cid


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_second_complaint_decision_shows_the_business_reply(complaints, client_for):
    cid = first_complaint_answered(complaints)
    task = ready_task(complaints, cid, "consumer_next")
    html = client_for("cpo1").get(f"/tasks/{task.id}").get_data(as_text=True)
    recalled = text_of(html[html.index('id="cp-recalled-h"'):html.index('id="cp-facts-h"')])
    assert "本案先前登錄的內容" in recalled and "企業回覆" in recalled and REPLY in recalled
    assert CLAIM in text_of(html)                        # the first complaint's words too


def test_a_mediation_without_a_business_reply_says_it_was_not_recorded(complaints, client_for):
    cid = complaints.start_case("consumer_complaint", {"title": "某餐廳 消費爭議"})["id"]
    work(complaints, cid, "intake", request_type="mediation", category="food",
         consumer_name="李大華", business_name="某餐廳", claim_text="餐點有異物",
         has_prior_complaint=True, already_mediated=False)
    task = ready_task(complaints, cid, "mediation_session")
    page = text_of(client_for("cdmc1").get(f"/tasks/{task.id}").get_data(as_text=True))
    assert "企業回覆 未登錄" in page and "處理情形 未登錄" in page


def test_a_session_dated_after_today_is_refused_beside_its_field(complaints, client_for):
    cid = complaints.start_case("consumer_complaint", {"title": "某餐廳 消費爭議"})["id"]
    work(complaints, cid, "intake", request_type="mediation", category="food",
         consumer_name="李大華", business_name="某餐廳", claim_text="餐點有異物",
         has_prior_complaint=True, already_mediated=False)
    task = ready_task(complaints, cid, "mediation_session")
    cdmc = client_for("cdmc1")
    cdmc.post(f"/tasks/{task.id}/claim")
    resp = cdmc.post(f"/tasks/{task.id}/complete", data={
        "session_date": "115/03/03", "members_present": "7", "business_attended": "true",
        "session_result": "failed"})
    html = resp.get_data(as_text=True)
    err = re.search(r'id="f-session_date-err"[^>]*>(.*?)</', html, re.S)
    assert err and "日期不可晚於 115/03/02" in err.group(1)
    assert ready_task(complaints, cid, "mediation_session").id == task.id   # nothing recorded


def test_the_case_page_names_the_consumer_protection_officers(complaints, client_for):
    cid = first_complaint_answered(complaints)
    with complaints.db.connect() as conn:
        number = conn.execute(select(case.c.number).where(case.c.id == cid)).scalar()
    html = client_for("cpo1").get(f"/cases/{number}").get_data(as_text=True)
    facts = text_of(html[html.index('id="cp-facts-h"'):])
    assert "主辦機關 消費者保護官" in facts
