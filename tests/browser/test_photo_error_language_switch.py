"""A citizen on a phone attaches a photo the city cannot take and sees why
beside the photo field; switching language keeps that error beside the field,
now in English (and back in Chinese), until another photo is chosen; the
petition then goes in. A photo the browser itself finds too large is kept
the same way."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
GIF = {"name": "路燈.gif", "mimeType": "image/gif", "buffer": b"GIF89a" + b"\0" * 32}
PNG = {"name": "路燈.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}
ZH_TYPE = "無法附加 路燈.gif：僅接受照片（JPEG、PNG）與 PDF 檔案。"
EN_TYPE = "路燈.gif cannot be attached: only photos (JPEG, PNG) and PDF files."
UNDER_THE_FIELD = """() => {
  const field = document.querySelector('#photos').getBoundingClientRect();
  const error = document.querySelector('fieldset #photos-err').getBoundingClientRect();
  const gap = error.top - field.bottom;
  return gap >= 0 && gap < 200;
}"""


def _fills_in(page):
    page.fill("#f-subject", "鼓山區路燈不亮")
    page.fill("#f-content", "鼓山一路與臨海二路口路燈已故障三天，夜間行人危險。")
    page.select_option("#f-category", "street_light")
    page.select_option("#f-district", "D-GUSHAN")
    page.fill("#name", "陳小姐")
    page.fill("#email", "chen@example.tw")
    page.check("#consent")


def _error_beside_the_photos(page, words):
    """The error under the photo field, in its fieldset, read out with it."""
    error = page.locator("fieldset:has(#photos) #photos-err")
    expect(error).to_have_text(words)
    # The page's scripts too, so the next switch leaves the files chosen
    # behind (language-keeps-form.js) rather than send them (CI under load).
    page.wait_for_load_state("load")
    assert "photos-err" in page.get_attribute("#photos", "aria-describedby").split()
    # Under it and its hint, once the page's scripts have laid it out: both
    # boxes read in one step in the page, waited for while a reload settles.
    page.wait_for_function(UNDER_THE_FIELD, timeout=5000)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_refused_photo_stays_beside_its_field_across_the_language_switch(
        browser, live_server, accessible, shot):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    _fills_in(page)
    page.set_input_files("#photos", GIF)
    page.click("main button:has-text('送出')")
    _error_beside_the_photos(page, ZH_TYPE)
    shot(page, "photo-switch-01-refused-zh")
    page.click("header button:has-text('English')")
    expect(page.locator("h1")).to_have_text("Submit a petition to the city government")
    _error_beside_the_photos(page, EN_TYPE)
    expect(page.locator("#error-summary")).to_contain_text(f"Photos or documents: {EN_TYPE}")
    expect(page.locator("#f-subject")).to_have_value("鼓山區路燈不亮")
    accessible(page)
    shot(page, "photo-switch-02-refused-en")
    page.click("header button:has-text('中文')")
    _error_beside_the_photos(page, ZH_TYPE)
    page.set_input_files("#photos", PNG)   # another photo: the old refusal no longer holds
    page.click("header button:has-text('English')")
    expect(page.locator("#photos-err")).to_have_count(0)
    expect(page.locator("#photos-hint")).to_contain_text("Please choose your files again")
    page.set_input_files("#photos", PNG)
    page.click("main button:has-text('Submit')")
    expect(page.locator("#receipt-number")).to_have_text(re.compile(r"^115-\d{6}$"))
    shot(page, "photo-switch-03-filed-en")
    accessible(page)


def test_a_photo_the_browser_finds_too_large_stays_refused_in_english(browser, live_server):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    _fills_in(page)
    big = {**PNG, "buffer": PNG["buffer"] + b"\0" * (10 * 1024 * 1024)}
    page.set_input_files("#photos", big)
    expect(page.locator("#photos-size-err")).to_contain_text("檔案太大：最多 10 MB")
    page.click("header button:has-text('English')")
    expect(page.locator("h1")).to_have_text("Submit a petition to the city government")
    _error_beside_the_photos(page, re.compile(r"^The file is too large: at most 10 MB"))
    expect(page.locator("#f-content")).to_have_value(re.compile("路燈已故障三天"))
