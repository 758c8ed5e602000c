"""陳小姐 registers a phone petition in a hurry: a mistyped date and the
fields she has not filled yet are all marked on the first press, so one
correction registers it (a bad date must not hide the empty fields)."""
import pytest
from playwright.sync_api import expect

from webtest_support import fill_intake

pytestmark = pytest.mark.browser


def test_a_bad_date_and_the_empty_fields_are_marked_at_once(login, live_server, accessible, shot):
    page = login("clerk")
    page.goto(f"{live_server}/intake/new")
    page.fill("#received_at", "115/13/40 25:00")
    page.fill("#person_name", "市民甲")
    page.click("button:has-text('登記')")
    expect(page.locator("#received_at-err")).to_contain_text("例如：115/03/02 08:45")
    expect(page.locator("#received_at-err")).to_contain_text("無法辨識收件日期時間")   # not 請填寫: it was typed
    for name in ("channel", "subject", "content", "category"):
        expect(page.locator(f"#f-{name}-err")).to_be_visible()
    expect(page.locator("#person_name")).to_have_value("市民甲")   # what she typed is kept
    accessible(page)
    shot(page, "intake-errors-at-once")
    fill_intake(page, f_channel="phone", f_subject="側溝堵塞", f_content="中正路側溝堵塞，下雨就淹水。",
                f_category="drainage", f_district="D-GUSHAN")
    page.click("button:has-text('登記')")
    expect(page.locator("#receipt-number")).to_be_visible()
