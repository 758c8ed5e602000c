"""A citizen on a phone whose connection has sent too many petitions sees the
form again with everything typed, and words saying to send it later; never
a bare error page that loses the petition."""
from __future__ import annotations

import pytest

from webapp import form_limits

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
SENT = "public.petition"   # views/public.petition: the bucket its posts are counted in
CONTENT = "鼓山一路路燈故障三天，晚上很暗，行人容易跌倒。"


@pytest.fixture
def limit_used_up(live_app):
    """This address has sent its 10 petitions of the hour (PUBLIC_RATE_LIMIT)."""
    with live_app.app_context():
        for _ in range(10):
            assert form_limits.over_the_limit("PUBLIC_RATE_LIMIT", SENT, "127.0.0.1") is None


def test_over_the_limit_the_typed_petition_comes_back(live_server, browser, limit_used_up,
                                                      shot, accessible):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(live_server + "/public/petition")
    page.fill("#f-subject", "路燈不亮")
    page.fill("#f-content", CONTENT)
    page.select_option("#f-category", "street_light")
    page.fill("#name", "陳小姐")
    page.fill("#email", "chen@example.tw")
    page.check("#consent")
    page.click("button:has-text('送出')")
    page.wait_for_load_state("load")
    alert = page.inner_text(".flash.error")
    assert "您的陳情尚未送出" in alert and "請稍後再送出" in alert and "60 分鐘" in alert
    assert page.input_value("#f-subject") == "路燈不亮"
    assert page.input_value("#f-content") == CONTENT
    assert page.input_value("#email") == "chen@example.tw"
    assert "429" not in page.inner_text("body") and "429" not in page.title()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)
    shot(page, "public-petition-limited")
