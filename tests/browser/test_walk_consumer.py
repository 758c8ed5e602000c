"""A consumer complaint walked as the people on it see it: the consumer
service centre's clerk registers it and opens its next step from the
receipt, reading the consumer's own words (爭議內容) beside the form; the
consumer follows it with the receipt's number and password and reads a
consumer dispute under way, not a petition being registered."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
CLAIM = "健身房突然歇業，預付一年會費兩萬四千元未退。"


def _registers_a_first_complaint(page):
    page.click("nav a:has-text('開案')")
    page.click(".start-choices a:has-text('消費爭議')")
    page.select_option("#f-request_type", "first_complaint")
    page.select_option("#f-category", "fitness")
    page.fill("#f-consumer_name", "張志明")
    page.fill("#f-consumer_contact", "0933-222-111")
    page.fill("#f-business_name", "力健健身房")
    page.fill("#f-claim_text", CLAIM)
    page.click("button:has-text('送出開案')")
    return page.inner_text("#receipt-number").strip(), page.inner_text("#receipt-password").strip()


def test_the_clerk_reads_the_consumers_words_beside_the_next_step(
        consumer_centre, login, shot, accessible):
    page = login("cpoclerk")
    _registers_a_first_complaint(page)
    assert "交給當事人" in page.inner_text(".receipt")   # the consumer, not 陳情人
    page.click("table.started a:has-text('登錄企業經營者處理結果')")
    page.click("button:has-text('領取')")
    words = page.locator(".case-panel section").first
    assert words.locator("h2").inner_text() == "爭議內容"
    assert CLAIM in words.inner_text()
    assert "沒有書面陳情內容" not in words.inner_text()
    facts = page.locator("#cp-facts-h + dl").inner_text()
    assert "健身中心" in facts and "當事人" in facts and "陳情人" not in facts
    assert "來源管道" not in facts and "行政區" not in facts   # no empty petition rows
    assert "由 消保收件林小姐 承辦" in page.locator(".task-work").inner_text()
    # A decision is a choice of two, each saying what it leads to; none is chosen.
    handled = page.locator("[data-field=properly_handled]")
    assert handled.locator("legend").inner_text().startswith("企業經營者是否已妥適處理")
    assert "未妥適處理，詢問消費者是否第二次申訴" in handled.inner_text()
    expect(handled.locator("input:checked")).to_have_count(0)
    accessible(page)
    shot(page, "walk-consumer-business-response")


def test_the_consumer_follows_the_complaint_with_the_receipt(
        consumer_centre, login, browser, live_server, shot, accessible):
    number, password = _registers_a_first_complaint(login("cpoclerk"))
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-TW")
    page.goto(live_server + "/")
    page.click("nav a:has-text('查詢進度')")
    page.fill("[name=number]", number)
    page.fill("[name=password]", password)
    page.click("main button[type=submit]")
    assert page.inner_text("h1") == f"消費爭議 {number}"
    assert page.inner_text("#case-status") == "處理中"
    due = page.inner_text("#reply-due")
    assert due.startswith("民國115年") and "登記" not in due
    accessible(page)
    shot(page, "walk-consumer-status")
