"""A citizen on a phone whose photo was refused chooses another: the old
refusal (無法附加 fake.jpg) goes from beside the field at once, so it never
stands beside the new choice; a new file that is also refused is said on
the next send, naming that file only; a good one then goes in."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
FAKE = {"name": "fake.jpg", "mimeType": "image/jpeg", "buffer": b"GIF89a" + b"\0" * 32}
ALSO_BAD = {"name": "路燈.gif", "mimeType": "image/gif", "buffer": b"GIF89a" + b"\0" * 32}
PNG = {"name": "路燈.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}
REFUSED = "無法附加 {}：僅接受照片（JPEG、PNG）與 PDF 檔案。"
TYPED = {"#f-subject": "鼓山區路燈不亮", "#f-content": "鼓山一路與臨海二路口路燈已故障三天。",
         "#name": "陳小姐", "#email": "chen@example.tw"}
CHOSEN = {"#f-category": "street_light", "#f-district": "D-GUSHAN"}


def _fills_in(page):
    for selector, value in TYPED.items():
        page.fill(selector, value)
    for selector, value in CHOSEN.items():
        page.select_option(selector, value)
    page.check("#consent")


def _refused(page, name):
    """The refusal beside the photos names `name`, read out with the field."""
    errors = page.locator("fieldset:has(#photos) .field-error:visible")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text(REFUSED.format(name))
    page.wait_for_load_state("load")   # upload-size.js listens from here on
    assert "photos-err" in page.get_attribute("#photos", "aria-describedby").split()
    assert page.get_attribute("#photos", "aria-invalid") == "true"


def _cleared(page):
    """Nothing refused beside the photos, nor read out with them."""
    expect(page.locator("fieldset:has(#photos) .field-error:visible")).to_have_count(0)
    assert "photos-err" not in (page.get_attribute("#photos", "aria-describedby") or "").split()
    assert page.get_attribute("#photos", "aria-invalid") is None


def test_choosing_another_file_clears_the_old_refusal(browser, live_server, accessible, shot):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(f"{live_server}/public/petition")
    _fills_in(page)
    page.set_input_files("#photos", FAKE)
    page.click("main button:has-text('送出')")
    _refused(page, "fake.jpg")
    shot(page, "photo-cleared-01-refused")
    page.set_input_files("#photos", ALSO_BAD)
    _cleared(page)
    assert "fake.jpg" not in page.inner_text("fieldset:has(#photos)")
    shot(page, "photo-cleared-02-another-chosen")
    page.click("main button:has-text('送出')")
    _refused(page, "路燈.gif")                       # the new file's own refusal, said again
    assert "fake.jpg" not in page.inner_text("fieldset:has(#photos)")
    accessible(page)
    page.set_input_files("#photos", PNG)
    _cleared(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("main button:has-text('送出')")
    expect(page.locator("#receipt-number")).to_have_text(re.compile(r"^115-\d{6}$"))
    shot(page, "photo-cleared-03-filed")
