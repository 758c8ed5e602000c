"""陳小姐 at the counter: once category and district are chosen the form says
which agency the routing table gives (in zh-TW, fetched as she chooses), and
the receipt names it, prints without the navigation and opens the read-back
step claimed for her."""
import pytest
from playwright.sync_api import expect

from webtest_support import fill_intake

pytestmark = pytest.mark.browser


def test_the_intake_form_suggests_the_lead_agency(login, live_server, accessible, shot):
    page = login("clerk")
    page.goto(f"{live_server}/intake/new")
    hint = page.locator("#route-hint")
    expect(hint).to_be_hidden()   # nothing to suggest before a category is chosen
    accessible(page)
    page.select_option("#f-category", "street_light")
    page.select_option("#f-district", "D-GUSHAN")
    expect(hint).to_have_text("依分案規則建議主辦機關：工務局")
    page.select_option("#f-category", "flooding")
    expect(hint).to_contain_text("建議主辦機關：水利局")
    expect(hint).to_contain_text("會辦機關：工務局、環境保護局")
    expect(page.locator("label[for=f-routed_agency]")).to_have_text("改由此機關主辦（空白則依分案規則）")
    accessible(page)
    shot(page, "intake-route-01-suggestion")
    fill_intake(page, f_subject="豪雨後巷道積水", f_content="每逢豪雨巷道積水及膝。",
                person_name="王小明", person_phone="0912345678")
    page.click("button:has-text('登記')")
    expect(page.locator("#receipt-agency")).to_contain_text("主辦機關：水利局（依分案規則）")
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("#print-receipt")).to_be_hidden()
    expect(page.locator("#receipt-password")).to_be_visible()
    page.emulate_media(media="screen")
    accessible(page)
    shot(page, "intake-route-02-receipt")
    page.click("button:has-text('宣讀紀錄')")
    expect(page.locator("#f-read_back_text")).to_be_editable()   # claimed: the form is hers
    # The record starts as registered: she corrects it while reading it back (Art. 169).
    expect(page.locator("#f-read_back_text")).to_have_value("每逢豪雨巷道積水及膝。")
    shot(page, "intake-route-03-read-back")
    expect(page.locator("button:has-text('領取')")).to_have_count(0)
