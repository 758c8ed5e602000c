"""陳小姐 registers a letter, then presses the browser's back button and
登記 again (or double-clicks 登記): the petition is one case, and the page
says it was already registered as that case, with its receipt."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from engine.data.schema import case
from webtest_support import fill_intake

pytestmark = pytest.mark.browser


def _fill_letter(page, live_server, subject="四維三路路燈不亮"):
    page.goto(f"{live_server}/intake/new")
    fill_intake(page, f_channel="letter", f_subject=subject, f_content="四維三路2號前路燈已一週不亮。",
                f_category="street_light", f_district="D-LINGYA", person_name="張三")


def _cases(db) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(case)).scalar_one()


def test_back_and_register_again_makes_no_second_case(login, live_server, db, accessible, shot):
    page = login("clerk")
    _fill_letter(page, live_server)
    page.click("button:has-text('登記')")
    number = page.locator("#receipt-number").inner_text()
    page.go_back()
    expect(page.locator("#f-subject")).to_have_value("四維三路路燈不亮")   # the form as she left it
    page.click("button:has-text('登記')")
    expect(page.locator(".flash")).to_contain_text(f"這份陳情已登記為案件 {number}，未重複登記。")
    expect(page.locator("#receipt-number")).to_have_text(number)   # its receipt, to read aloud
    assert _cases(db) == 1
    accessible(page)
    shot(page, "intake-once-01-back-and-again")
    # The next letter, the same petitioner's about another lamp, is a case of its own.
    page.click("a:has-text('繼續登記')")
    _fill_letter(page, live_server, "四維三路另一盞路燈不亮")
    page.click("button:has-text('登記')")
    expect(page.locator("#receipt-number")).not_to_have_text(number)
    assert _cases(db) == 2


def test_a_double_click_on_register_makes_one_case(login, live_server, db):
    page = login("clerk")
    _fill_letter(page, live_server)
    page.dblclick("button:has-text('登記')")
    expect(page.locator("#receipt-number")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert _cases(db) == 1
