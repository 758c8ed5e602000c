"""A consumer on a 390 px phone files a complaint (消費爭議申訴) from the
public first page: a purchase date after today is refused beside its field
with everything typed kept, the receipt gives the case number and password,
the status page says 消費爭議 / 處理中 with the business's deadline; then
the consumer service centre's clerk reads the complaint beside its next step."""

import pytest
from playwright.sync_api import expect


pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
CLAIM = "健身房突然歇業，預付一年會費兩萬四千元未退。"
ASK = "退還未使用的十個月會費兩萬元。"


def _chooses_the_complaint(page, base, accessible, shot):
    page.goto(base + "/")
    entry = page.locator("a.entry:has-text('消費爭議申訴')")
    expect(entry).to_be_visible()
    accessible(page)
    shot(page, "complaint-01-home")
    entry.click()
    page.wait_for_url(base + "/public/complaint")
    assert page.inner_text("h1") == "消費爭議申訴"


def _fills_it_with_a_date_after_today(page, accessible, shot):
    page.fill("#f-business_name", "力健健身房")
    page.select_option("#f-category", "fitness")
    page.fill("#f-purchase_date", "115/03/03")          # the clock says 115/03/02
    page.fill("#f-claim_text", CLAIM)
    page.fill("#f-claim_request", ASK)
    page.fill("#name", "張志明")
    page.fill("#phone", "0933-222-111")
    page.check("#consent")
    page.click("button:has-text('送出申訴')")
    expect(page.locator("#f-purchase_date-err")).to_have_text("日期不可晚於 115/03/02。")
    expect(page.locator("#error-summary")).to_contain_text("消費日期")
    # Nothing typed is lost.
    expect(page.locator("#f-purchase_date")).to_have_value("115/03/03")
    expect(page.locator("#f-claim_text")).to_have_value(CLAIM)
    expect(page.locator("#f-claim_request")).to_have_value(ASK)
    expect(page.locator("#f-business_name")).to_have_value("力健健身房")
    expect(page.locator("#f-category")).to_have_value("fitness")
    expect(page.locator("#name")).to_have_value("張志明")
    expect(page.locator("#consent")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    accessible(page)
    shot(page, "complaint-02-future-date")


def _sends_it_and_keeps_the_receipt(page, accessible, shot) -> tuple[str, str]:
    page.fill("#f-purchase_date", "115/01/15")
    page.click("button:has-text('送出申訴')")
    expect(page.locator("h1")).to_have_text("謝謝您，您的消費爭議申訴已收到")
    assert "15 日內妥適處理" in page.inner_text("main")
    accessible(page)
    shot(page, "complaint-03-receipt")
    return page.inner_text("#receipt-number").strip(), page.inner_text("#receipt-password").strip()


def _follows_it_on_the_status_page(page, number, password, accessible, shot):
    page.click("main a:has-text('查詢進度')")
    page.fill("[name=number]", number)
    page.fill("[name=password]", password)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text(f"消費爭議 {number}")
    expect(page.locator("#case-status")).to_have_text("處理中")
    expect(page.locator("#reply-due")).to_have_text("民國115年3月17日")   # 15 days for the business
    accessible(page)
    shot(page, "complaint-04-status")


def test_a_consumer_files_a_complaint_and_the_centre_reads_it(
        consumer_centre, browser, live_server, login, accessible, shot):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    _chooses_the_complaint(page, live_server, accessible, shot)
    _fills_it_with_a_date_after_today(page, accessible, shot)
    number, password = _sends_it_and_keeps_the_receipt(page, accessible, shot)
    _follows_it_on_the_status_page(page, number, password, accessible, shot)

    clerk = login("cpoclerk")
    row = clerk.locator("tr", has_text=number)
    expect(row).to_contain_text("登錄企業經營者處理結果")
    row.locator("td.task a").click()
    words = clerk.locator(".case-panel section").first
    expect(words.locator("h2")).to_have_text("爭議內容")
    expect(words).to_contain_text(CLAIM)
    earlier = clerk.locator(".cp-recalled")
    expect(earlier).to_contain_text(ASK)
    expect(earlier).to_contain_text("民國115年1月15日")
    facts = clerk.locator("#cp-facts-h + dl")
    expect(facts).to_contain_text("網站")
    expect(facts).to_contain_text("張志明")
    expect(facts).not_to_contain_text("來文語言")   # a petition's question, not a consumer's
    accessible(clerk)
    shot(clerk, "complaint-05-centre-task")
