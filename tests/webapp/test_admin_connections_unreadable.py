"""/admin/connections when a saved secret can no longer be read (the app's
SECRET_KEY changed since it was sealed): the section is unusable, not
silently used with an empty password. The outbox waits (nothing fails), the
sign-in page does not offer a broken single sign-on, /admin and the page say
in zh-TW that it must be entered again, and clearing it is a change. Also:
the audit page shows where a setting pointed before and after, never a secret."""
from __future__ import annotations

import http.server
import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from engine.data import connection_settings as store
from engine.data.schema import outbox
from engine.scheduling.scheduler import Scheduler
from webapp.connections import smtp_source

from . import test_admin_connections as base
from .test_admin_connections import MAIL, SSO, SSO_LABEL, URL, _stored, _text

admin, smtp_server = base.admin, base.smtp_server   # its fixtures, used here too

OLD_KEY = store.Sealer("the SECRET_KEY before it was changed")
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def _sealed_under_the_old_key(db, section, values):
    with db.begin() as conn:
        store.save(conn, section, values, version=0, sealer=OLD_KEY, actor="admin", now=NOW)


def _pending_notice(db):
    with db.begin() as conn:
        conn.execute(outbox.insert().values(
            kind="reply", recipient="ming@example.tw", subject="函復", body="已修復。",
            dedupe_key="k", status="pending", attempts=0, created_at=NOW, next_attempt_at=NOW))


def _waiting_scheduler(app, db, port: int, user: str) -> Scheduler:
    """Mail saved under the old key, a notice waiting, a scheduler reading the settings."""
    _sealed_under_the_old_key(db, "mail", {
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port, "SMTP_USER": user,
        "SMTP_PASSWORD": "pw-123456", "MAIL_FROM": "notice@kcg.gov.tw"})
    _pending_notice(db)
    with app.app_context():
        return Scheduler(db, app.extensions["civicflow.runtime"], recurring_jobs=False,
                         smtp_source=smtp_source(db, dict(app.config)))


def test_an_unreadable_mail_password_holds_the_notices_and_is_said(app, admin, db, smtp_server):
    sched = _waiting_scheduler(app, db, smtp_server.port, "civicflow")
    assert sched.run_outbox() == 0 and smtp_server == []
    with db.connect() as conn:   # waits, not failed: no attempt was spent
        row = conn.execute(select(outbox.c.status, outbox.c.attempts, outbox.c.last_error)).one()
    assert tuple(row) == ("pending", 0, None)
    home = _text(admin.get("/admin/"))
    assert 'id="mail-unreadable"' in home and "郵件伺服器的登入密碼無法讀取（系統金鑰已更換）" in home
    assert "請至連線設定頁重新輸入登入密碼" in home
    page = _text(admin.get(URL))
    assert "已儲存的登入密碼無法讀取（系統金鑰已更換）：在下方重新輸入前，不會寄出任何通知。" in page
    test = _text(admin.post(f"{URL}/mail/test", data={"address": "it@kcg.gov.tw"}))
    assert "已儲存的登入密碼無法讀取（系統金鑰已更換）：請先重新輸入登入密碼並儲存。" in test


def test_the_password_typed_again_sends_the_waiting_notices(app, admin, db, smtp_server):
    sched = _waiting_scheduler(app, db, smtp_server.port, "")
    assert sched.run_outbox() == 0
    resp = admin.post(f"{URL}/mail", data={**MAIL, "version": "1", "port": str(smtp_server.port),
                                           "password": "pw-123456"})
    assert resp.status_code == 302   # the same text typed again is a change: it is readable now
    assert "郵件伺服器已儲存，立即生效。" in _text(admin.get(URL))
    assert sched.run_outbox() == 1 and smtp_server[0].rcpt_tos == ["ming@example.tw"]


def test_clearing_an_unreadable_password_is_saved_not_nothing_changed(admin, db):
    _sealed_under_the_old_key(db, "mail", {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": 2525,
                                           "SMTP_PASSWORD": "pw-123456",
                                           "MAIL_FROM": "notice@kcg.gov.tw"})
    assert "無法讀取" in _text(admin.get(URL))
    admin.post(f"{URL}/mail", data={**MAIL, "version": "1", "clear_password": "y"})
    html = _text(admin.get(URL))
    assert "郵件伺服器已儲存，立即生效。" in html and "沒有任何變更" not in html
    assert "無法讀取" not in html and _stored(db).values["SMTP_PASSWORD"] == ""


def test_an_unreadable_client_secret_is_not_offered_and_is_said(app, admin, db):
    _sealed_under_the_old_key(db, "sso", {"OIDC_ISSUER": SSO["issuer"], "OIDC_CLIENT_ID": "civicflow",
                                          "OIDC_CLIENT_SECRET": "the-client-secret"})
    assert SSO_LABEL not in _text(app.test_client().get("/login"))
    assert app.test_client().get("/login/sso").status_code == 404
    home = _text(admin.get("/admin/"))
    assert "單一登入：目前未提供，用戶端密鑰無法讀取（系統金鑰已更換）" in home
    page = _text(admin.get(URL))
    assert "已儲存的用戶端密鑰無法讀取（系統金鑰已更換）：在下方重新輸入前，登入頁面不提供單一登入。" in page


def test_the_audit_page_shows_where_the_issuer_pointed_never_the_secret(admin):
    admin.post(f"{URL}/sso", data=SSO)
    admin.post(f"{URL}/sso", data={**SSO, "version": "1", "issuer": "https://evil.example/realms/x",
                                   "client_secret": "another-client-secret"})
    html = _text(admin.get("/admin/audit"))
    assert ("登入服務位址（Issuer）：https://sso.kcg.gov.tw/realms/city → "
            "https://evil.example/realms/x") in html
    assert "the-client-secret" not in html and "another-client-secret" not in html
    assert "OIDC_ISSUER" not in html


class Redirecting(http.server.BaseHTTPRequestHandler):
    def do_GET(self):   # noqa: N802 (http.server's name)
        self.send_response(302)
        self.send_header("Location", "https://evil.example/.well-known/openid-configuration")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def redirecting_issuer():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/realms/city"
    server.shutdown()
    server.server_close()


def test_an_issuer_that_redirects_is_not_followed(admin, db, redirecting_issuer):
    _sealed_under_the_old_key(db, "sso", {"OIDC_ISSUER": redirecting_issuer})
    html = _text(admin.post(f"{URL}/sso/check"))
    assert "登入服務沒有直接回應，而是轉址到 https://evil.example/.well-known/openid-configuration" in html


def test_mail_errors_name_the_fields_of_the_page_never_a_setting_code(app):
    from webapp.views.admin.actions import MAIL_ERRORS, mail_error
    with app.test_request_context():
        words = [str(w) for _, w in MAIL_ERRORS]
        assert not [w for w in words if "SMTP_" in w or "MAIL_FROM" in w]
        assert mail_error("SMTPAuthenticationError: (535, b'5.7.8 bad credentials')") == \
            "郵件伺服器拒絕登入：請至連線設定檢查「登入帳號」與「登入密碼」。"
        assert mail_error("SMTPSenderRefused: (553, b'no', 'x@y')") == \
            "郵件伺服器拒絕了寄件人地址：請至連線設定檢查「寄件人地址」。"
        assert mail_error("gaierror: [Errno -2] Name or service not known") == \
            "找不到這個名稱的郵件伺服器：請檢查伺服器位址。"


@pytest.mark.parametrize("method, path", [("get", URL), ("post", f"{URL}/sso/check")])
def test_the_page_reads_the_settings_in_force_once(admin, monkeypatch, method, path):
    reads = []
    effective = store.effective
    monkeypatch.setattr(store, "effective", lambda *a: reads.append(1) or effective(*a))
    assert getattr(admin, method)(path).status_code == 200
    assert len(reads) == 1


def test_the_wired_scheduler_reads_mail_settings_only_from_its_source(app):
    from webapp.scheduler_wiring import build
    with app.app_context():
        sched = build(blocking=False)
    assert sched.smtp_source is not None and not sched.smtp.enabled   # no second, stale copy
    assert sched.current_smtp() == sched.smtp_source()


def test_a_setting_left_empty_on_the_first_save_is_not_listed_as_a_change(admin):
    admin.post(f"{URL}/sso", data=SSO)
    html = _text(admin.get("/admin/audit"))
    assert "登入服務位址（Issuer）：— → https://sso.kcg.gov.tw/realms/city" in html
    assert "— → —" not in html
