"""A citizen half-way through a public form switches language: on a phone,
the petition sent empty shows each error beside its field (the consent box
too, in zh-TW); the words typed afterwards are still there in English after
the header's switch, with what is still missing said again in English and
the photo chosen asked for again beside its field; then it is sent. The consumer complaint keeps its words the same way.
With scripts off (or before a slow page's scripts run) the switch keeps it all too."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SUBJECT = "鼓山區路燈不亮"
CONTENT = "鼓山一路與臨海二路口路燈已故障三天，夜間行人危險。"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64   # never sent: the switch leaves files behind


def _sends_it_empty(page, accessible, shot):
    page.click("button:has-text('送出')")
    expect(page.locator("#f-subject-err")).to_have_text("請填寫此欄位。")
    expect(page.locator("#consent-err")).to_have_text("請勾選同意，市府才能處理您的陳情並移送權責機關。")
    expect(page.locator("#error-summary")).to_contain_text("同意事項")
    # The hint of the petition's words is read out with the field, and its error.
    assert page.get_attribute("#f-content", "aria-describedby") == "f-content-hint f-content-err"
    accessible(page)
    shot(page, "language-01-petition-empty")


def _types_the_rest(page):
    """The petition after its subject: words, category, name, consent, a photo."""
    page.fill("#f-content", CONTENT)
    page.select_option("#f-category", "street_light")
    page.fill("#name", "陳小姐")
    page.check("#consent")
    page.set_input_files("#photos", {"name": "路燈.png", "mimeType": "image/png", "buffer": PNG})


def _kept_in_english(page):
    """The petition again in English with what was typed, the photo asked for
    again, and what is still missing said in English."""
    expect(page.locator("h1")).to_have_text("Submit a petition to the city government")
    expect(page.locator("#f-subject")).to_have_value(SUBJECT)
    expect(page.locator("#f-content")).to_have_value(CONTENT)
    expect(page.locator("#f-category")).to_have_value("street_light")
    expect(page.locator("#name")).to_have_value("陳小姐")
    expect(page.locator("#consent")).to_be_checked()
    expect(page.locator("#photos-hint")).to_contain_text("Please choose your files again")
    expect(page.locator("#f-district-err")).to_have_text("Please choose one of the options.")


def _types_and_switches_to_english(page, accessible, shot):
    page.fill("#f-subject", SUBJECT)
    _types_the_rest(page)
    page.click("header button:has-text('English')")
    _kept_in_english(page)
    # What is still missing is said again, now in English; what was typed is no longer marked.
    expect(page.locator("#email-err")).to_contain_text("Please give an e-mail address or a phone number")
    expect(page.locator("#f-subject-err")).to_have_count(0)
    expect(page.locator("#consent-err")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    accessible(page)
    shot(page, "language-02-petition-english")


def test_a_half_filled_petition_survives_the_language_switch(browser, live_server, accessible, shot):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    _sends_it_empty(page, accessible, shot)
    _types_and_switches_to_english(page, accessible, shot)
    page.select_option("#f-district", "D-GUSHAN")
    page.fill("#email", "chen@example.tw")
    page.click("main button:has-text('Submit')")
    expect(page.locator("#receipt-number")).to_have_text(re.compile(r"^115-\d{6}$"))
    accessible(page)


def test_a_half_filled_complaint_survives_the_language_switch(
        consumer_centre, browser, live_server, accessible, shot):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page.goto(f"{live_server}/public/complaint")
    page.fill("#f-business_name", "力健健身房")
    page.fill("#f-purchase_date", "115/01/15")
    page.fill("#f-claim_text", "健身房突然歇業，預付會費未退。")
    page.click("header button:has-text('English')")
    expect(page.locator("h1")).to_have_text("File a consumer complaint")
    expect(page.locator("#f-business_name")).to_have_value("力健健身房")
    expect(page.locator("#f-purchase_date")).to_have_value("2026-01-15")   # the same day, as English readers write it
    expect(page.locator("#f-claim_text")).to_have_value("健身房突然歇業，預付會費未退。")
    assert page.get_attribute("#f-claim_text", "aria-describedby") == "f-claim_text-hint"
    accessible(page)
    shot(page, "language-03-complaint-english")
    page.click("header button:has-text('中文')")
    expect(page.locator("h1")).to_have_text("消費爭議申訴")
    expect(page.locator("#f-purchase_date")).to_have_value("115/01/15")


def _without_scripts(browser, viewport):
    """A page as a citizen sees it whose scripts are off, or not run yet."""
    return browser.new_context(java_script_enabled=False, viewport=viewport,
                               locale="zh-TW").new_page()


def test_without_scripts_the_switch_keeps_the_petition_typed(browser, live_server, shot):
    page = _without_scripts(browser, PHONE)
    page.goto(f"{live_server}/public/petition")
    page.fill("#f-subject", SUBJECT)
    page.press("#f-subject", "Enter")   # Enter in a field sends the form, not the switch
    expect(page.locator("#f-content-err")).to_have_text("請填寫此欄位。")
    expect(page.locator("h1")).to_have_text("向市政府提出陳情")
    _types_the_rest(page)
    shot(page, "language-04-no-script-zh")
    # The switch is the next stop after the header's links, and a key works it.
    page.focus("header nav a >> nth=-1")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="English")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("label[for=f-subject]")).to_contain_text("Subject")
    _kept_in_english(page)
    shot(page, "language-05-no-script-english")   # axe needs scripts: the tests above run it


def test_without_scripts_the_switch_keeps_the_complaint_typed(consumer_centre, browser, live_server):
    page = _without_scripts(browser, {"width": 1280, "height": 900})
    page.goto(f"{live_server}/public/complaint")
    page.fill("#f-business_name", "力健健身房")
    page.fill("#f-purchase_date", "115/01/15")
    page.click("header button:has-text('English')")
    expect(page.locator("h1")).to_have_text("File a consumer complaint")
    expect(page.locator("#f-business_name")).to_have_value("力健健身房")
    expect(page.locator("#f-purchase_date")).to_have_value("2026-01-15")
