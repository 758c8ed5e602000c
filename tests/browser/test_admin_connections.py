"""The administrator connects the mail server and the city's single sign-on
from the browser (/admin/connections, 連線設定), no shell: errors beside the
field, the password never shown back, a test message through a local SMTP
server, the issuer checked as typed before it is saved (nothing typed is lost),
and the sign-in page offering the sign-on at once."""
from __future__ import annotations

import json
import socket
from datetime import datetime, timezone

import pytest
from aiosmtpd.controller import Controller
from playwright.sync_api import expect

from engine.data import connection_settings as store

pytestmark = pytest.mark.browser
ISSUER = "https://sso.kcg.gov.tw/realms/city"


class Inbox(list):
    async def handle_DATA(self, server, session, envelope):
        self.append(envelope)
        return "250 OK"


@pytest.fixture
def mail_server():
    with socket.create_server(("127.0.0.1", 0)) as listening:
        port = listening.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def issuer_answers(monkeypatch):
    """The city's sign-on service, as far as the check asks it (no network)."""
    for name in store.NAMES:
        monkeypatch.delenv(name, raising=False)

    class Answer:   # streamed, closed by `with`, never redirected
        status_code, headers = 200, {}

        def iter_content(self, chunk_size):
            yield json.dumps({"issuer": ISSUER, "authorization_endpoint": ISSUER + "/auth"}).encode()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False
    monkeypatch.setattr("webapp.views.admin.connection_checks.requests.get",
                        lambda url, allow_redirects, stream, timeout: Answer())


def test_administrator_connects_mail_and_single_sign_on_without_a_shell(
        login, browser, live_server, mail_server, issuer_answers, shot, accessible):
    admin = login("admin")
    admin.click("#connections-link")
    expect(admin.locator("h1")).to_have_text("連線設定")
    expect(admin.locator("#mail-state")).to_contain_text("郵件尚未設定")
    shot(admin, "connections-empty")
    accessible(admin)

    admin.fill("#host", "127.0.0.1")
    admin.fill("#port", "99999")
    admin.fill("#sender", "notice-at-kcg")
    admin.click("#mail-form button[type=submit]")
    expect(admin.locator("#port-err")).to_have_text("請以 1 至 65535 的數字填寫連接埠。")
    expect(admin.locator("#sender-err")).to_have_text("請填寫電子郵件地址，例如 civicflow@kcg.gov.tw。")
    shot(admin, "connections-errors")
    accessible(admin)

    admin.fill("#port", str(mail_server.port))
    admin.fill("#sender", "notice@kcg.gov.tw")
    admin.fill("#user", "civicflow")
    admin.fill("#password", "pw-123456")
    admin.click("#mail-form button[type=submit]")
    expect(admin.locator(".flash.success")).to_have_text("郵件伺服器已儲存，立即生效。")
    expect(admin.locator("#password-state")).to_have_text("已設定")
    assert admin.locator("#password").input_value() == ""   # never shown back
    assert "pw-123456" not in admin.content()

    admin.fill("#address", "it@kcg.gov.tw")
    admin.click("#test-form button[type=submit]")   # this local server takes no sign-in
    expect(admin.locator("#mail-result")).to_contain_text(
        "郵件伺服器不支援所要求的功能（加密連線或登入）：請檢查加密選項與登入帳號。")
    shot(admin, "connections-mail-failed")
    admin.fill("#user", "")
    admin.check("#clear_password")
    admin.click("#mail-form button[type=submit]")
    expect(admin.locator("#password-state")).to_have_text("尚未設定")
    admin.fill("#address", "it@kcg.gov.tw")
    admin.click("#test-form button[type=submit]")
    expect(admin.locator("#mail-result")).to_contain_text("郵件伺服器已收下寄給 it@kcg.gov.tw 的測試郵件")
    assert [m.rcpt_tos for m in mail_server] == [["it@kcg.gov.tw"]]
    shot(admin, "connections-mail-tested")
    accessible(admin)

    admin.fill("#issuer", "http://sso.kcg.gov.tw")
    admin.fill("#client_id", "civicflow")
    admin.fill("#client_secret", "the-client-secret")
    admin.click("#check-issuer")   # checked as typed, before any save: refused as a save would
    expect(admin.locator("#issuer-err")).to_contain_text("請填寫以 https:// 開頭的登入服務位址")
    admin.fill("#issuer", ISSUER)
    admin.click("#check-issuer")   # the secret typed before the refusal is kept, sealed
    expect(admin.locator("#issuer-result p")).to_have_text("登入服務有回應：可以使用單一登入。")
    assert admin.locator("#issuer").input_value() == ISSUER   # what was typed stays
    assert admin.locator("#client_id").input_value() == "civicflow"
    expect(admin.locator("#client_secret-hint")).to_contain_text("此欄留空即儲存該內容")
    assert "the-client-secret" not in admin.content()   # never shown, even hidden
    expect(admin.locator("#sso-state")).to_contain_text("未啟用")   # nothing saved
    shot(admin, "connections-sso-checked-before-saving")
    accessible(admin)
    admin.select_option("#default_agency", label="工務局")
    admin.check("#default_roles label:has-text('承辦人') input")
    admin.click("#sso-form button.primary")
    expect(admin.locator(".flash.success")).to_have_text("單一登入已儲存，立即生效。")
    expect(admin.locator("#sso-state")).to_contain_text("登入頁面提供市府單一登入")
    admin.click("#check-issuer")
    expect(admin.locator("#issuer-result p")).to_have_text("登入服務有回應：可以使用單一登入。")
    shot(admin, "connections-sso-checked")
    accessible(admin)

    visitor = browser.new_page(locale="zh-TW")
    visitor.goto(f"{live_server}/login")
    expect(visitor.locator("a:has-text('使用市府單一登入')")).to_be_visible()

    admin.click("nav.tabs a:has-text('稽核紀錄')")
    expect(admin.locator("main")).to_contain_text("連線設定已儲存")
    expect(admin.locator("main")).to_contain_text("登入密碼")
    expect(admin.locator("main")).to_contain_text(f"登入服務位址（Issuer）：— → {ISSUER}")
    assert "the-client-secret" not in admin.content()
    shot(admin, "connections-audit")


def test_a_secret_key_changed_the_administrator_is_told_to_type_the_password_again(
        login, db, mail_server, issuer_answers, shot, accessible):
    with db.begin() as conn:   # saved before the server's SECRET_KEY was changed
        store.save(conn, "mail", {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": mail_server.port,
                                  "SMTP_USER": "", "SMTP_PASSWORD": "pw-123456",
                                  "MAIL_FROM": "notice@kcg.gov.tw"},
                   version=0, sealer=store.Sealer("the old SECRET_KEY"), actor="admin",
                   now=datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc))
    admin = login("admin")
    expect(admin.locator("#mail-unreadable")).to_contain_text(
        "郵件伺服器的登入密碼無法讀取（系統金鑰已更換）")
    shot(admin, "admin-home-password-unreadable")
    accessible(admin)
    admin.click("#connections-link")
    expect(admin.locator("#mail-state")).to_contain_text("已儲存的登入密碼無法讀取")
    expect(admin.locator("#password-state")).to_have_text("無法讀取")
    shot(admin, "connections-password-unreadable")
    accessible(admin)
    admin.fill("#password", "pw-123456")
    admin.click("#mail-form button[type=submit]")
    expect(admin.locator(".flash.success")).to_have_text("郵件伺服器已儲存，立即生效。")
    expect(admin.locator("#password-state")).to_have_text("已設定")
    expect(admin.locator("#mail-state")).to_contain_text("通知經由 127.0.0.1")


def test_two_administrators_saving_at_once(login, issuer_answers, shot, accessible):
    first, second = login("admin"), login("admin")
    for page in (first, second):
        page.goto(page.url + "connections")
    first.fill("#host", "smtp.kcg.gov.tw")
    first.fill("#sender", "notice@kcg.gov.tw")
    first.click("#mail-form button[type=submit]")
    expect(first.locator(".flash.success")).to_be_visible()
    second.fill("#host", "smtp.other.gov.tw")
    second.fill("#sender", "x@kcg.gov.tw")
    second.click("#mail-form button[type=submit]")
    expect(second.locator("#conflict")).to_contain_text("您的變更沒有儲存")
    assert second.locator("#host").input_value() == "smtp.kcg.gov.tw"
    shot(second, "connections-conflict")
    accessible(second)
