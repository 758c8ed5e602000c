"""The consumer service centre's clerk on a phone registers a mediation
application: 是否已先提出消費申訴 and 本爭議是否已經調解或仲裁 appear only once
申請調解 is chosen, as two named answers each, and the answer that means the
application is refused says so (尚未提出申訴（依消保法第44條不受理調解）) before
the clerk registers it; the model then refuses it in writing.

(Consumer complaints are registered by the centre, not on the citizens'
public form, which files petitions only: so the phone here is the clerk's.)"""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engine.cases.runtime import Engine
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


def test_mediation_questions_appear_for_mediation_and_say_what_an_answer_means(
        clerk, db, shot, accessible):
    page = clerk
    prior = page.locator("[data-field=has_prior_complaint]")
    mediated = page.locator("[data-field=already_mediated]")
    page.select_option("#f-request_type", label="第一次申訴")
    expect(prior).to_be_hidden()
    expect(mediated).to_be_hidden()
    accessible(page)
    page.select_option("#f-request_type", label="申請調解")
    expect(prior).to_be_visible()
    expect(mediated).to_be_visible()
    assert "是否已先提出消費申訴" in prior.inner_text()
    expect(page.get_by_label("已先提出申訴")).to_be_visible()
    expect(page.get_by_label("尚未提出申訴")).to_be_visible()
    fill_dispute(page)
    page.get_by_label("尚未提出申訴").check()
    page.get_by_label("未曾調解或仲裁").check()
    shot(page, "consumer-mediation-questions-phone")
    assert "依消保法第44條不受理調解" in prior.inner_text()   # the answer says what it means
    accessible(page)
    # A first complaint instead: the questions are gone.
    page.select_option("#f-request_type", label="第一次申訴")
    expect(prior).to_be_hidden()
    page.click("button:has-text('開案')")
    page.wait_for_url("**/receipt")
    assert "登錄企業經營者處理結果" in page.content()
    accessible(page)
    shot(page, "consumer-first-complaint-receipt-phone")
