"""Signing in as a clerk sees it: the city's single sign-on beside the password
form, the lock after too many wrong passwords, and signing out everywhere."""
from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from oidc_provider_mock import User, run_server_in_thread
from webtest_support import PASSWORD, seeded_app

pytestmark = pytest.mark.browser
NEW_PERSON = User(sub="s-lin", claims={"preferred_username": "lin.epb", "name": "林小華",
                                       "email": "lin@kcg.gov.tw", "agency": "EPB",
                                       "roles": ["officer"]})


@pytest.fixture
def sso_server(db_url, db, clock, tmp_path):
    """The app on a real port, signing on at a local OpenID Connect provider."""
    from werkzeug.serving import make_server
    with run_server_in_thread(user_claims=[NEW_PERSON]) as provider:
        app = seeded_app(db, db_url, clock, tmp_path, WTF_CSRF_ENABLED=True,
                         OIDC_ISSUER=f"http://localhost:{provider.server_port}",
                         OIDC_CLIENT_ID="civicflow", OIDC_CLIENT_SECRET="a-client-secret",
                         OIDC_AGENCY_CLAIM="agency", OIDC_ROLES_CLAIM="roles")
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        app.extensions["civicflow.db"].dispose()


def test_city_sign_on_creates_the_officer_and_opens_the_inbox(browser, sso_server, shot,
                                                               accessible):
    page = browser.new_page(locale="zh-TW")
    page.goto(f"{sso_server}/login")
    sso = page.get_by_role("link", name="使用市府單一登入")
    expect(sso).to_be_visible()
    expect(page.get_by_label("密碼")).to_be_visible()
    shot(page, "signin-with-sso")
    accessible(page)
    sso.click()
    page.fill("input[name=sub]", "s-lin")          # the provider's own page
    page.click("button:has-text('Authorize')")
    page.wait_for_url(f"{sso_server}/inbox")
    assert "林小華" in page.content()
    accessible(page)
    page.close()


def test_locked_account_is_told_when_to_try_again(browser, live_server, shot, accessible):
    page = browser.new_page(locale="zh-TW")
    page.goto(f"{live_server}/login")
    for _ in range(6):
        page.fill("#username", "pwb1")
        page.fill("#password", "wrong password")
        page.click("button[type=submit].primary")
    message = page.get_by_text("此帳號因密碼錯誤次數過多，已暫時鎖定")
    expect(message).to_be_visible()
    assert "15 分鐘後再試" in message.inner_text()
    page.fill("#username", "pwb1")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    expect(page.get_by_text("此帳號因密碼錯誤次數過多，已暫時鎖定")).to_be_visible()
    shot(page, "signin-locked")
    accessible(page)
    page.close()


def test_signing_out_in_one_browser_ends_the_other(login, live_server):
    office = login("pwb1")
    home = login("pwb1")
    office.get_by_role("button", name="登出").click()
    office.wait_for_url(f"{live_server}/login")
    home.goto(f"{live_server}/inbox")
    assert home.url.startswith(f"{live_server}/login")
    expect(home.locator("#password")).to_be_visible()
