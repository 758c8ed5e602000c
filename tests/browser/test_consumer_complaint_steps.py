"""A consumer complaint's later steps as their people see them: the clerk
asking the consumer about a second complaint reads what the business
answered beside the question; the mediation committee's officer who types
a session date after today is told, beside the field, the latest date
allowed (in ROC)."""
from pathlib import Path

import pytest

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from webapp import users
from webapp.petitions import ready_task
from webtest_support import PASSWORD
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
CLAIM = "健身房突然歇業，預付一年會費兩萬四千元未退。"
REPLY = "本公司僅同意退還三個月會費，其餘依契約不退。"
CPO = Actor("cpoclerk", "CPO", frozenset({"intake", "officer"}))


@pytest.fixture
def rt(live_server, db, clock):
    engine = Engine(db, clock)
    engine.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake", "officer"], PASSWORD, display_name="消保收件林小姐")
        users.add_user(conn, "cdmc1", "CDMC", ["officer"], PASSWORD, display_name="調解會王專員")
    return engine


def work(rt, case_id, element, **form):
    with rt.db.connect() as conn:
        t = ready_task(conn, case_id, element)
    rt.claim(t.id, CPO)
    rt.complete(t.id, CPO, form)


def registered(rt, request_type, **over) -> int:
    cid = rt.start_case("consumer_complaint", {"title": "力健健身房 消費爭議"})["id"]
    work(rt, cid, "intake", **{"request_type": request_type, "category": "fitness",
                               "consumer_name": "張志明", "business_name": "力健健身房",
                               "claim_text": CLAIM, "has_prior_complaint": False,
                               "already_mediated": False, **over})
    return cid


def open_task(page, live_server, rt, cid, element):
    with rt.db.connect() as conn:
        t = ready_task(conn, cid, element)
    page.goto(f"{live_server}/tasks/{t.id}")
    with page.expect_navigation():   # the claim posts and comes back to the task
        page.click("button:has-text('領取')")


def test_the_clerk_reads_the_business_reply_beside_the_second_complaint_question(
        rt, live_server, login, shot, accessible):
    cid = registered(rt, "first_complaint")
    work(rt, cid, "business_response", business_reply=REPLY, properly_handled=False)
    page = login("cpoclerk")
    open_task(page, live_server, rt, cid, "consumer_next")
    earlier = page.locator("section[aria-labelledby=cp-recalled-h]")
    assert earlier.locator("h2").inner_text() == "本案先前登錄的內容"
    assert "企業回覆" in earlier.inner_text() and REPLY in earlier.inner_text()
    assert CLAIM in page.locator(".case-panel section").first.inner_text()   # 爭議內容
    assert "消費者保護官" in page.locator("#cp-facts-h + dl").inner_text()  # 主辦機關
    accessible(page)
    shot(page, "consumer-next-shows-business-reply")


def _answer_attended(page):
    """The yes/no 企業經營者出席, as a checkbox or as a decision's two answers."""
    radio = page.locator("#f-business_attended-true")
    if radio.count():
        radio.check()
    else:
        page.check("#f-business_attended")


def test_a_session_dated_tomorrow_is_refused_beside_the_date(rt, live_server, login, shot, accessible):
    cid = registered(rt, "mediation", has_prior_complaint=True)
    page = login("cdmc1")
    open_task(page, live_server, rt, cid, "mediation_session")
    accessible(page)
    page.fill("#f-session_date", "115/03/03")               # the clock says Monday 115/03/02
    page.fill("#f-members_present", "7")
    _answer_attended(page)
    page.select_option("#f-session_result", "failed")
    page.click("button:has-text('完成')")
    error = page.locator("#f-session_date-err")
    assert "日期不可晚於 115/03/02" in error.inner_text()
    assert page.locator("#f-session_date").get_attribute("aria-invalid") == "true"
    accessible(page)
    shot(page, "mediation-session-date-after-today")
    page.fill("#f-session_date", "115/03/02")
    _answer_attended(page)
    page.select_option("#f-session_result", "failed")
    page.click("button:has-text('完成')")
    expect(page.locator("#f-session_date-err")).to_have_count(0)
