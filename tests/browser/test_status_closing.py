"""A citizen on a 390 px phone looks up a petition the clerk closed as a
repeat: she reads why (the earlier case, the date and number of its reply,
the legal basis) before she is asked for a rating; the score and remark she
gave survive the header's language switch both ways, with scripts and
without them."""
import pytest
from playwright.sync_api import expect

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from webapp import petitions
from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
REF = "高市工字第1150001234號"
REMARK = "說明清楚，謝謝"


def _work(rt, case_id, element, actor, form):
    step = ready_task(rt, case_id, element)
    rt.claim(step.id, actor)
    rt.complete(step.id, actor, form)


@pytest.fixture
def repeat(live_server, db, clock):
    """(earlier case number, the repeat's receipt): driven through the engine."""
    rt = Engine(db, clock)
    earlier = petitions.start(rt, registration(), actor=CLERK,
                              person={"name": "林小華", "email": "hua@example.tw"})
    _work(rt, earlier.case_id, "register", CLERK, registration())
    _work(rt, earlier.case_id, "handle", OFFICER, {
        "handling_action": "reply", "reply_text": "已派員修復路燈。", "legal_basis": "路燈維護管理要點"})
    again = petitions.start(rt, registration(), actor=CLERK,
                            person={"name": "陳小姐", "email": "chen@example.tw"})
    _work(rt, again.case_id, "register", CLERK, registration(art173_ground="repeat"))
    _work(rt, again.case_id, "close_repeat", CLERK, {
        "earlier_case": earlier.number, "earlier_reply_date": "2026-03-02",
        "earlier_reply_number": REF})
    return earlier.number, again


def _looks_up(page, base, receipt):
    page.goto(base + "/public/status")
    page.fill("#number", receipt.number)
    page.fill("#password", receipt.password)
    page.click("main button:has-text('查詢')")
    page.wait_for_selector("#case-status")


def _rates_and_switches(page):
    page.check("input[name=rating][value='4']")
    page.fill("#remark", REMARK)
    page.click("header button:has-text('English')")
    expect(page.locator("#rate-h")).to_have_text("How satisfied are you with the handling?")
    expect(page.locator("input[name=rating][value='4']")).to_be_checked()
    expect(page.locator("#remark")).to_have_value(REMARK)
    page.click("header button:has-text('中文')")
    expect(page.locator("#rate-h")).to_have_text("您對本案的處理滿意嗎？")
    expect(page.locator("input[name=rating][value='4']")).to_be_checked()
    expect(page.locator("#remark")).to_have_value(REMARK)


def test_a_repeat_is_explained_before_the_rating_on_a_phone(
        live_server, browser, repeat, shot, accessible):
    earlier, receipt = repeat
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    _looks_up(page, live_server, receipt)
    expect(page.locator("#closing-text")).to_have_text(
        f"本案與 {earlier} 號陳情為同一事由，已依該案民國115年3月2日 {REF} 答覆辦理，不另行答覆。")
    expect(page.locator("#legal-basis")).to_have_text("法令依據：行政程序法第173條")
    expect(page.locator("#earlier-reply-text")).to_have_count(0)   # another person's reply
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    accessible(page)
    shot(page, "status-01-repeat-explained")
    _rates_and_switches(page)
    page.click("main button:has-text('送出評分')")
    expect(page.locator("#rate-h + p")).to_contain_text("4")
    shot(page, "status-02-repeat-rated")


def test_without_scripts_the_switch_keeps_the_rating(live_server, browser, repeat, shot):
    page = browser.new_context(java_script_enabled=False, viewport=PHONE,
                               locale="zh-TW").new_page()
    _looks_up(page, live_server, repeat[1])
    _rates_and_switches(page)
    shot(page, "status-03-no-script-rating-kept")


def test_a_rating_sent_without_a_score_is_refused_beside_the_stars(
        live_server, browser, repeat, shot):
    """The page's own words beside the stars, not the browser's bubble (in
    the browser's language, gone when touched) and the remark kept."""
    page = browser.new_page(viewport=PHONE, locale="zh-TW", has_touch=True)
    _looks_up(page, live_server, repeat[1])
    page.fill("#remark", REMARK)
    with page.expect_navigation(timeout=5000):   # the browser held it back before
        page.tap("main button:has-text('送出評分')")
    expect(page.locator("#rating-err")).to_have_text("請選擇 1 至 5 分。")
    expect(page.locator("#remark")).to_have_value(REMARK)
    shot(page, "status-04-rating-without-score")
