"""A citizen on a phone whose photo was refused chooses another file: the
refusal (無法附加 fake.jpg) goes from the error summary at the top as it goes
from beside the field, the summary counting what is left; with nothing
left the summary goes too, and the page stays accessible."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
FAKE = {"name": "fake.jpg", "mimeType": "image/jpeg", "buffer": b"GIF89a" + b"\0" * 32}
PNG = {"name": "路燈.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}
TYPED = {"#f-content": "鼓山一路與臨海二路口路燈已故障三天。", "#name": "陳小姐",
         "#email": "chen@example.tw"}
CHOSEN = {"#f-category": "street_light", "#f-district": "D-GUSHAN"}


def _sent_with_a_fake_photo(browser, live_server, subject=""):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    for selector, value in {**TYPED, "#f-subject": subject}.items():
        page.fill(selector, value)
    for selector, value in CHOSEN.items():
        page.select_option(selector, value)
    page.check("#consent")
    page.set_input_files("#photos", FAKE)
    page.click("main button:has-text('送出')")
    page.wait_for_load_state("load")
    return page


def test_the_summary_drops_the_refusal_and_counts_what_is_left(
        browser, live_server, accessible, shot):
    page = _sent_with_a_fake_photo(browser, live_server)      # no subject either
    summary = page.locator("#error-summary")
    expect(summary.locator("li")).to_have_count(2)
    expect(summary).to_contain_text("無法附加 fake.jpg")
    expect(page.locator("#error-summary-h")).to_have_text("請修正下方標示的 2 個欄位。")
    shot(page, "summary-follows-01-two-errors")
    page.set_input_files("#photos", PNG)
    expect(summary.locator("li")).to_have_count(1)
    expect(summary).not_to_contain_text("fake.jpg")
    expect(summary).to_contain_text("主旨")                     # the other error stays
    expect(page.locator("#error-summary-h")).to_have_text("請修正下方標示的 1 個欄位。")
    expect(summary).to_be_visible()
    shot(page, "summary-follows-02-one-left")
    accessible(page)


def test_the_summary_goes_when_its_only_error_is_cleared(browser, live_server, accessible, shot):
    page = _sent_with_a_fake_photo(browser, live_server, subject="鼓山區路燈不亮")
    summary = page.locator("#error-summary")
    expect(summary.locator("li")).to_have_count(1)
    page.locator("#error-summary a[href='#photos']").focus()   # read from the summary
    page.set_input_files("#photos", PNG)
    expect(summary).to_be_hidden()
    assert "fake.jpg" not in page.inner_text("main")
    assert page.evaluate("document.activeElement.id") == "photos"   # not lost with its entry
    shot(page, "summary-follows-03-gone")
    accessible(page)
