"""The pages that hand a case number over keep every case number whole: the
citizen's status page on a phone (the subject she typed cites an earlier
case) and the intake clerk's receipt listing earlier cases whose subject
cites another (重複陳情 115-000123) never break a number at its hyphen."""
from __future__ import annotations

import pytest

from webtest_support import CLERK, registered_petition

from .test_case_numbers_whole import broken_at   # the same measure on the staff pages

pytestmark = pytest.mark.browser
CITED = "115-000123"
SUBJECT = f"公車站旁人行道坑洞，與案號 {CITED} 同一路段，請儘速修補"
PHONES = range(320, 481, 2)


def _file(page, live_server) -> tuple[str, str]:
    page.goto(f"{live_server}/public/petition")
    page.fill("#f-subject", SUBJECT)
    page.fill("#f-content", "建國二路公車站前人行道有一個大坑洞，晚上很危險。")
    page.select_option("#f-category", "road_damage")
    page.select_option("#f-district", "D-SANMIN")
    page.fill("#name", "陳美玲")
    page.fill("#email", "meiling@example.tw")
    page.check("#consent")
    page.click("#public-form button[type=submit]")
    return page.inner_text("#receipt-number"), page.inner_text("#receipt-password")


def test_the_citizens_status_page_keeps_numbers_whole(browser, live_server, shot):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-TW")
    number, password = _file(page, live_server)
    page.goto(f"{live_server}/public/status")
    page.fill("input[name=number]", number)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    assert CITED in page.locator("#case-subject").inner_text()
    assert number in page.locator("h1").inner_text()
    assert broken_at(page, PHONES, height=844) == {}
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "numbers-whole-status-390")


@pytest.fixture
def earlier(live_server, db, clock):
    """A registered petition of 王小明 whose subject cites another case."""
    return registered_petition(db, clock, SUBJECT, {"name": "王小明", "phone": "0912345678"})


def test_the_intake_receipt_keeps_earlier_numbers_whole(login, live_server, earlier, shot):
    page = login(CLERK.username)
    page.goto(f"{live_server}/intake/new")
    token = page.input_value("input[name=csrf_token]")
    resp = page.request.post(f"{live_server}/intake/new", form={
        "csrf_token": token, "received_at": "2026-03-02T08:40", "channel": "letter",
        "subject": "人行道坑洞又出現", "content": "同一地點", "category": "road_damage",
        "district": "D-SANMIN", "language": "zh_TW", "art173_ground": "none",
        "person_name": "王小明", "person_phone": "0912345678"})
    assert resp.ok
    page.goto(f"{live_server}/intake/receipt")
    listed = page.locator("#earlier-h + ul").inner_text()
    assert earlier in listed and CITED in listed
    assert broken_at(page, PHONES, height=844) == {}
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "numbers-whole-intake-receipt-390")
