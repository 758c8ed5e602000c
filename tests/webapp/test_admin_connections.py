"""/admin/connections (連線設定): the mail server and the single sign-on kept
by an administrator, no shell and no restart: saved with its audit record,
secrets never shown back, errors beside the field with nothing saved, the
second of two saves refused, a server's environment variable shown read-only
and winning, a test message through a local SMTP server, the issuer checked."""
from __future__ import annotations

import json
import socket
from datetime import datetime, timezone

import pytest
import requests
from aiosmtpd.controller import Controller
from sqlalchemy import select

from engine.data import connection_settings as store
from engine.data.schema import audit, connection_setting, outbox
from engine.scheduling.scheduler import Scheduler
from webapp.connections import smtp_source

URL = "/admin/connections"
MAIL = {"version": "0", "host": "127.0.0.1", "port": "2525", "user": "", "password": "",
        "sender": "notice@kcg.gov.tw"}
SSO = {"version": "0", "issuer": "https://sso.kcg.gov.tw/realms/city", "client_id": "civicflow",
       "client_secret": "the-client-secret", "scope": "openid email profile",
       "username_claim": "preferred_username", "agency_claim": "", "roles_claim": "",
       "default_agency": "", "default_roles": []}
SSO_LABEL = "使用市府單一登入"


class Inbox(list):
    """What the local SMTP server received (aiosmtpd envelopes)."""
    async def handle_DATA(self, server, session, envelope):
        self.append(envelope)
        return "250 OK"


def unused_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as listening:
        return listening.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=unused_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def admin(client_for, monkeypatch):
    for name in store.NAMES:   # the test machine's environment pins nothing
        monkeypatch.delenv(name, raising=False)
    return client_for("admin")


def _text(resp) -> str:
    return resp.get_data(as_text=True)


def _stored(db, section="mail"):
    with db.connect() as conn:
        return store.load(conn, section)


def _trail(db):
    with db.connect() as conn:
        return [(r.actor, r.action, json.loads(r.detail)) for r in conn.execute(
            select(audit.c.actor, audit.c.action, audit.c.detail).where(
                audit.c.action == "connection_settings_saved").order_by(audit.c.id))]


def test_only_administrators_open_the_page(admin, client_for):
    html = _text(admin.get(URL))
    assert "<h1>連線設定</h1>" in html and "郵件伺服器" in html and "單一登入" in html
    assert 'href="/admin/connections"' in _text(admin.get("/admin/"))
    for who in ("pwbboss", "pwb1"):
        assert client_for(who).get(URL).status_code == 403
        assert client_for(who).post(f"{URL}/mail", data=MAIL).status_code == 403
    assert 'href="/admin/connections"' not in _text(client_for("pwbboss").get("/admin/"))


def test_saving_the_mail_server_keeps_it_with_its_audit_record_and_hides_the_password(admin, db):
    resp = admin.post(f"{URL}/mail", data={**MAIL, "user": "civicflow", "password": "pw-123456"})
    assert resp.status_code == 302
    html = _text(admin.get(URL))
    assert "郵件伺服器已儲存，立即生效。" in html
    assert "pw-123456" not in html and 'id="password-state"' in html and "已設定" in html
    assert "通知經由 127.0.0.1（連接埠 2525）寄出" in html
    with db.connect() as conn:
        assert "pw-123456" not in conn.execute(select(connection_setting.c.settings)).scalar()
    [(actor, _, detail)] = _trail(db)
    assert actor == "admin" and detail["section"] == "mail" and "SMTP_PASSWORD" in detail["settings"]
    assert "pw-123456" not in json.dumps(detail)
    audit_page = _text(admin.get("/admin/audit"))
    assert "連線設定已儲存" in audit_page and "登入密碼" in audit_page
    assert "SMTP_PASSWORD" not in audit_page
    assert "郵件伺服器 127.0.0.1" in _text(admin.get("/admin/"))


def test_an_empty_password_keeps_it_and_the_box_clears_it(admin, db):
    admin.post(f"{URL}/mail", data={**MAIL, "user": "civicflow", "password": "pw-123456"})
    admin.post(f"{URL}/mail", data={**MAIL, "version": "1", "user": "civicflow", "port": "587"})
    assert _stored(db).values["SMTP_PORT"] == 587
    assert store.secret_state(_stored(db), "SMTP_PASSWORD", store.Sealer(
        admin.application.config["SECRET_KEY"])) == "set"
    admin.post(f"{URL}/mail", data={**MAIL, "version": "2", "port": "587", "clear_password": "y"})
    assert _stored(db).values["SMTP_PASSWORD"] == ""
    assert 'id="password-state"><span class="status ">尚未設定' in _text(admin.get(URL))


@pytest.mark.parametrize("field, value, words", [
    ("port", "abc", "請以 1 至 65535 的數字填寫連接埠。"),
    ("port", "70000", "請以 1 至 65535 的數字填寫連接埠。"),
    ("sender", "not-an-address", "請填寫電子郵件地址，例如 civicflow@kcg.gov.tw。"),
    ("host", "smtp kcg", "請填寫伺服器名稱或位址，例如 smtp.kcg.gov.tw。"),
])
def test_bad_mail_settings_are_refused_beside_the_field(admin, db, field, value, words):
    resp = admin.post(f"{URL}/mail", data={**MAIL, field: value})
    html = _text(resp)
    assert resp.status_code == 422
    assert f'<p class="field-error" id="{field}-err">{words}</p>' in html
    assert "請修正標示的欄位。" in html
    assert _stored(db).version == 0 and _trail(db) == []


def test_an_issuer_not_on_https_is_refused_beside_the_field(admin, db):
    resp = admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://sso.kcg.gov.tw"})
    assert resp.status_code == 422
    assert '<p class="field-error" id="issuer-err">請填寫以 https:// 開頭的登入服務位址' in _text(resp)
    assert _stored(db, "sso").version == 0


def test_english_readers_get_the_errors_in_english(admin):
    admin.post("/lang/en", data={"next": URL})
    html = _text(admin.post(f"{URL}/mail", data={**MAIL, "port": "0"}))
    assert "Enter the port as a number between 1 and 65535." in html


def test_two_administrators_saving_at_once_one_wins_the_other_is_told(admin, client_for, db):
    other = client_for("admin")
    assert admin.post(f"{URL}/mail", data=MAIL).status_code == 302
    late = other.post(f"{URL}/mail", data={**MAIL, "host": "smtp.other.gov.tw"})
    html = _text(late)
    assert late.status_code == 409
    assert 'id="conflict"' in html and "在您開啟此頁之後儲存了郵件伺服器的設定" in html
    assert 'value="127.0.0.1"' in html   # the settings in force, to start again from
    assert _stored(db).values["SMTP_HOST"] == "127.0.0.1" and len(_trail(db)) == 1


def test_a_setting_pinned_on_the_server_is_shown_read_only_and_wins(admin, db, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "relay.kcg.gov.tw")
    monkeypatch.setenv("SMTP_PASSWORD", "from-the-server")
    admin.application.config["SMTP_HOST"] = "relay.kcg.gov.tw"
    html = _text(admin.get(URL))
    assert 'id="mail-pinned"' in html and "由伺服器設定（環境變數）" in html
    assert "relay.kcg.gov.tw" in html and "from-the-server" not in html
    assert 'name="host"' not in html and 'name="password"' not in html
    assert admin.post(f"{URL}/mail", data={**MAIL, "host": "ignored"}).status_code == 302
    assert "SMTP_HOST" not in _stored(db).values
    assert "通知經由 relay.kcg.gov.tw" in _text(admin.get(URL))


def test_a_test_message_goes_through_the_saved_mail_server(admin, smtp_server):
    admin.post(f"{URL}/mail", data={**MAIL, "port": str(smtp_server.port)})
    html = _text(admin.post(f"{URL}/mail/test", data={"address": "it@kcg.gov.tw"}))
    assert "郵件伺服器已收下寄給 it@kcg.gov.tw 的測試郵件" in html
    [message] = smtp_server
    assert message.rcpt_tos == ["it@kcg.gov.tw"] and message.mail_from == "notice@kcg.gov.tw"


def test_a_failed_test_message_says_why_in_chinese(admin):
    admin.post(f"{URL}/mail", data={**MAIL, "port": str(unused_port())})   # nobody listens
    html = _text(admin.post(f"{URL}/mail/test", data={"address": "it@kcg.gov.tw"}))
    assert 'id="mail-result"' in html and "郵件伺服器拒絕連線：請檢查位址與連接埠。" in html
    assert "技術細節" in html


def test_a_test_message_needs_an_address_and_a_mail_server(admin):
    resp = admin.post(f"{URL}/mail/test", data={"address": "nobody"})
    assert resp.status_code == 422 and 'id="address-err"' in _text(resp)
    html = _text(admin.post(f"{URL}/mail/test", data={"address": "it@kcg.gov.tw"}))
    assert "郵件尚未設定：請先填寫郵件伺服器並儲存。" in html


def test_the_scheduler_sends_with_the_settings_saved_after_it_started(app, admin, db,
                                                                       smtp_server):
    with app.app_context():
        sched = Scheduler(db, app.extensions["civicflow.runtime"], recurring_jobs=False,
                          smtp_source=smtp_source(db, dict(app.config)))
    with db.begin() as conn:
        conn.execute(outbox.insert().values(
            kind="reply", recipient="ming@example.tw", subject="函復", body="已修復。",
            dedupe_key="k", status="pending", attempts=0,
            created_at=datetime(2026, 3, 1, tzinfo=timezone.utc),
            next_attempt_at=datetime(2026, 3, 1, tzinfo=timezone.utc)))
    assert sched.run_outbox() == 0 and smtp_server == []   # not configured yet
    admin.post(f"{URL}/mail", data={**MAIL, "port": str(smtp_server.port)})
    assert sched.run_outbox() == 1
    assert smtp_server[0].rcpt_tos == ["ming@example.tw"]


def test_the_sign_in_page_offers_single_sign_on_once_it_is_saved(admin, app, db):
    assert SSO_LABEL not in _text(app.test_client().get("/login"))
    assert admin.post(f"{URL}/sso", data={**SSO, "default_agency": "PWB",
                                          "default_roles": ["officer"]}).status_code == 302
    assert SSO_LABEL in _text(app.test_client().get("/login"))
    html = _text(admin.get(URL))
    assert "the-client-secret" not in html and 'id="client_secret-state"' in html
    assert "登入頁面提供市府單一登入" in html
    assert _stored(db, "sso").values["OIDC_DEFAULT_ROLES"] == "officer"
    admin.post(f"{URL}/sso", data={**SSO, "version": "1", "issuer": ""})
    assert SSO_LABEL not in _text(app.test_client().get("/login"))
    assert app.test_client().get("/login/sso").status_code == 404


class Answer:
    """What requests.get gives back, streamed (iter_content) and closed (with)."""
    def __init__(self, status, document, headers=None, body=None):
        self.status_code, self.headers = status, headers or {}
        self.body = body if body is not None else (
            json.dumps(document).encode() if document is not None else b"<html>not JSON</html>")
        self.read = 0

    def iter_content(self, chunk_size):
        for at in range(0, len(self.body), chunk_size):
            self.read += chunk_size
            yield self.body[at:at + chunk_size]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("answer, words", [
    (Answer(200, {"issuer": SSO["issuer"], "authorization_endpoint": "https://x/auth"}),
     "登入服務有回應：可以使用單一登入。"),
    (Answer(404, None), "登入服務回應錯誤（HTTP 404）"),
    (Answer(200, None), "登入服務有回應，但不是登入設定"),
    (Answer(200, {"issuer": "https://elsewhere.example", "authorization_endpoint": "x"}),
     "自稱 https://elsewhere.example"),
    (Answer(302, None, {"Location": "https://evil.example/login"}),
     "登入服務沒有直接回應，而是轉址到 https://evil.example/login"),
    (Answer(200, None, body=b"x" * (2 * 1024 * 1024)), "登入服務的回應過大，不是登入設定"),
    (requests.ConnectionError("refused"), "登入服務沒有回應"),
])
def test_checking_the_issuer_says_whether_it_answered(admin, monkeypatch, answer, words):
    admin.post(f"{URL}/sso", data=SSO)
    asked = []

    def fake_get(url, **options):
        asked.append((url, options))
        if isinstance(answer, Exception):
            raise answer
        return answer
    monkeypatch.setattr("webapp.views.admin.connection_checks.requests.get", fake_get)
    html = _text(admin.post(f"{URL}/sso/check"))
    assert asked == [("https://sso.kcg.gov.tw/realms/city/.well-known/openid-configuration",
                      {"allow_redirects": False, "stream": True, "timeout": (3, 5)})]
    assert 'id="issuer-result"' in html and words in html
    if isinstance(answer, Answer):   # a huge answer is not read to its end
        assert answer.read <= 256 * 1024 + 16 * 1024
