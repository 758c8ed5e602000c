"""A clerk registers a counter petition and reads it back, an officer claims
and answers it, the citizen sees the new status and rates the reply."""
import pytest

pytestmark = pytest.mark.browser


def _clerk_registers(login, base, shot):
    page = login("clerk")
    page.click("nav a:has-text('開案')")   # the petition is one of the kinds of case
    page.click(".start-choices a:has-text('陳情')")
    page.fill("#received_at", "2026-03-02T08:45")
    page.select_option("#f-channel", "counter")
    page.fill("#f-subject", "鼓山區路燈不亮")
    page.fill("#f-content", "鼓山一路與臨海二路口路燈已故障三天，夜間行人危險。")
    page.select_option("#f-category", "street_light")
    page.select_option("#f-district", "D-GUSHAN")
    page.fill("#person_name", "王小明")
    page.fill("#person_phone", "0912345678")
    page.fill("#person_email", "ming@example.tw")   # the reply can be e-mailed
    shot(page, "01-clerk-intake-form")
    page.click("button:has-text('登記')")
    number = page.inner_text("#receipt-number").strip()
    password = page.inner_text("#receipt-password").strip()
    shot(page, "02-clerk-receipt")
    page.click("button:has-text('宣讀紀錄')")   # opens the step claimed for her
    page.fill("#f-read_back_text", "陳情人口述：鼓山一路路燈故障三天。")
    page.check("#f-read_back_confirmed")
    shot(page, "03-clerk-read-back")
    page.click("button:has-text('完成')")
    page.wait_for_url(f"{base}/inbox")
    return number, password


def _officer_answers(login, base, number, shot):
    page = login("pwb1")
    page.click(".tabs a:has-text('機關待領')")
    shot(page, "04-officer-queue")
    page.click(f"tr:has-text('{number}') >> text=辦理並擬復")
    page.click("button:has-text('領取')")
    page.select_option("#f-handling_action", "reply")
    page.fill("#f-reply_text", "本局已於3月3日派員更換燈具，路燈恢復正常。")
    page.fill("#f-legal_basis", "高雄市道路挖掘管理自治條例")
    shot(page, "05-officer-task-form")
    page.click("button:has-text('完成')")
    page.wait_for_url(f"{base}/inbox")
    page.goto(f"{base}/cases/{number}")
    page.wait_for_selector("#diagram svg")
    shot(page, "06-officer-case-page")
    assert "已結案" in page.inner_text("h1")


def _citizen_checks(browser, base, number, password, shot):
    page = browser.new_page(viewport={"width": 1000, "height": 900}, locale="zh-TW")
    page.goto(f"{base}/public/status")
    page.fill("#number", number)
    page.fill("#password", password)
    page.click("button:has-text('查詢')")
    assert "已結案" in page.inner_text("#case-status")
    assert "更換燈具" in page.content()
    shot(page, "07-citizen-status")
    page.check("input[name=rating][value='5']")
    with page.expect_navigation():   # read the page the rating leads to, not the one it leaves
        page.click("button:has-text('送出評分')")
    assert "5 分" in page.content()
    shot(page, "08-citizen-rated")


def test_petition_journey(live_server, login, browser, shot):
    number, password = _clerk_registers(login, live_server, shot)
    _officer_answers(login, live_server, number, shot)
    _citizen_checks(browser, live_server, number, password, shot)


def test_public_petition_form_and_english(live_server, browser, shot):
    page = browser.new_page(viewport={"width": 900, "height": 900}, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    page.fill("#f-subject", "垃圾車未依時間收運")
    page.fill("#f-content", "三民區某巷垃圾車連續兩天未到。")
    page.select_option("#f-category", "garbage")
    page.select_option("#f-district", "D-SANMIN")
    page.fill("#name", "李四")
    page.fill("#email", "li@example.tw")
    page.check("#consent")
    page.click("button:has-text('送出')")
    assert page.inner_text("#receipt-number").startswith("115-")
    shot(page, "09-public-receipt")
    page.click("button:has-text('English')")
    page.goto(f"{live_server}/public/petition")
    assert "Submit a petition" in page.content()
    shot(page, "10-public-form-english")
