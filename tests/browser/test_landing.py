"""What each person sees first after signing in (webapp/landing.py)."""
from __future__ import annotations

from webtest_support import PASSWORD
from playwright.sync_api import expect


def _sign_in(browser, live_server, username, path="/login"):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page.goto(live_server + path)
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    return page


def test_administrator_first_sees_what_needs_them(browser, live_server, shot, accessible):
    page = _sign_in(browser, live_server, "admin")
    assert page.url == f"{live_server}/admin/"
    assert page.locator("h1").inner_text() == "系統管理"
    assert "郵件尚未設定" in page.locator("#mail-off").inner_text()
    # Set on the connections page, not on the server.
    expect(page.locator("#connections-link")).to_have_text("郵件伺服器與單一登入設定")
    expect(page.locator("#n-timers")).to_be_visible()
    expect(page.locator("#n-locked")).to_be_visible()
    shot(page, "landing-admin")
    accessible(page)


def test_administrator_asking_for_a_page_gets_it(browser, live_server, accessible):
    page = browser.new_page(locale="zh-TW")
    page.goto(live_server + "/board/?agency=PWB")    # signed out: sent to sign in first
    page.fill("#username", "admin")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server}/board/?agency=PWB")
    assert page.locator("h1").inner_text() == "期限管控"
    accessible(page)


def test_analyst_first_sees_the_models_and_an_officer_the_inbox(browser, live_server, shot,
                                                                  accessible):
    analyst = _sign_in(browser, live_server, "analyst")
    assert analyst.url == f"{live_server}/models/"
    shot(analyst, "landing-analyst")
    accessible(analyst)
    officer = _sign_in(browser, live_server, "pwb1")
    assert officer.url == f"{live_server}/inbox"
