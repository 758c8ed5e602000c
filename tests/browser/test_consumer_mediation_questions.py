"""The consumer service centre's clerk on a phone registers a mediation
application: 是否已先提出消費申訴 and 本爭議是否已經調解或仲裁 appear only once
申請調解 is chosen, as two named answers each; 尚未提出申訴 is refused beside
the question with what to do instead, and no case is started.

(Consumer complaints are registered by the centre, not on the citizens'
public form, which files petitions only: so the phone here is the clerk's.)"""
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.cases.runtime import Engine
from engine.data.schema import case
from webapp import users
from webtest_support import PASSWORD

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
PHONE = 390


@pytest.fixture
def clerk(live_server, db, clock, login):
    Engine(db, clock).deploy({p.name: p.read_bytes() for p in BPMN.iterdir()
                              if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpoclerk", "CPO", ["intake"], PASSWORD, display_name="消保收件林小姐")
    page = login("cpoclerk", width=PHONE)
    page.goto(f"{live_server}/cases/new/consumer_complaint")
    return page


def fill_dispute(page):
    page.select_option("#f-category", label="健身中心")
    page.fill("#f-consumer_name", "張志明")
    page.fill("#f-consumer_contact", "0912345678")
    page.fill("#f-business_name", "力健健身房")
    page.fill("#f-claim_text", "健身房突然歇業，預付會費未退。")


def test_mediation_questions_appear_for_mediation_and_refuse_beside_the_answer(
        clerk, db, shot, accessible):
    page = clerk
    prior = page.locator("[data-field=has_prior_complaint]")
    mediated = page.locator("[data-field=already_mediated]")
    page.select_option("#f-request_type", label="第一次申訴")
    assert prior.is_hidden() and mediated.is_hidden()
    accessible(page)
    page.select_option("#f-request_type", label="申請調解")
    assert prior.is_visible() and mediated.is_visible()
    assert "是否已先提出消費申訴" in prior.inner_text()
    assert page.get_by_label("已先提出申訴").is_visible() and page.get_by_label("尚未提出申訴").is_visible()
    fill_dispute(page)
    page.get_by_label("尚未提出申訴").check()
    page.get_by_label("未曾調解或仲裁").check()
    shot(page, "consumer-mediation-questions-phone")
    page.click("button:has-text('開案')")
    error = prior.locator(".field-error")
    assert "申請調解須先提出消費申訴" in error.inner_text()
    assert "申請類型請改選「第一次申訴」" in error.inner_text()
    assert prior.is_visible() and page.input_value("#f-claim_text").startswith("健身房")
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(case)).scalar_one() == 0
    accessible(page)
    error.scroll_into_view_if_needed()
    shot(page, "consumer-mediation-refused-beside-the-question")
    # Doing what it says: a first complaint starts, the questions gone.
    page.select_option("#f-request_type", label="第一次申訴")
    assert prior.is_hidden()
    page.click("button:has-text('開案')")
    page.wait_for_url("**/receipt")
    assert "登錄企業經營者處理結果" in page.content()
    accessible(page)
    shot(page, "consumer-first-complaint-receipt-phone")
