"""/admin/connections: a secret typed on a form that comes back refused (an
http:// issuer, a bad port) or after 檢查登入服務 is kept for the next save,
sealed in the page, never shown in clear; the corrected save stores the
secret typed, with the field left empty. A secret left empty on a fresh form
keeps the stored one. A kept secret another field, another administrator or
an hour later cannot read is asked for again beside its field."""
from __future__ import annotations

import re

import pytest

from engine.data import connection_settings as store
from webapp import users
from webapp.views.admin import kept_secrets
from webtest_support import PASSWORD

from .test_admin_connections import MAIL, SSO, URL, _stored, _text, _trail
from .test_admin_connections_typed import issuer   # noqa: F401 (a fixture: the issuer asked)
from . import test_admin_connections as base

admin = base.admin   # its fixture: an administrator, nothing pinned by the environment

TYPED = "typed-client-secret-42"
KEPT_HINT = "剛才填寫的內容已暫時保留（基於安全不再顯示）：此欄留空即儲存該內容，或重新輸入以取代。"
LOST = "先前填寫的內容只保留一小時，現已失效：請再填寫一次。"


def _kept(html: str, field: str) -> str:
    found = re.search(rf'<input[^>]*\bid="kept_{field}"[^>]*>', html)
    value = re.search(r'\bvalue="([^"]*)"', found.group(0)) if found else None
    return value.group(1) if value else ""


def _secret(app, db, section="sso", name="OIDC_CLIENT_SECRET") -> str | None:
    token = _stored(db, section).values.get(name)
    return store.Sealer(app.config["SECRET_KEY"]).open(token) if token else None


def test_a_refused_save_keeps_the_typed_secret_and_the_corrected_save_stores_it(admin, app, db):
    refused = admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://sso.kcg.gov.tw",
                                             "client_secret": TYPED})
    html = _text(refused)
    assert refused.status_code == 422 and _stored(db, "sso").version == 0
    assert TYPED not in html and KEPT_HINT in html and "已填寫，尚未儲存" in html
    kept = _kept(html, "client_secret")
    assert kept and TYPED not in kept
    fixed = admin.post(f"{URL}/sso", data={**SSO, "client_secret": "",
                                           "kept_client_secret": kept})
    assert fixed.status_code == 302
    assert _secret(app, db) == TYPED
    assert TYPED not in _text(admin.get(URL)) and KEPT_HINT not in _text(admin.get(URL))


def test_refused_twice_the_secret_is_still_kept(admin, app, db):
    first = _text(admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://a.example",
                                                 "client_secret": TYPED}))
    again = _text(admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://b.example",
                                                 "client_secret": "",
                                                 "kept_client_secret": _kept(first, "client_secret")}))
    assert KEPT_HINT in again and TYPED not in again
    admin.post(f"{URL}/sso", data={**SSO, "client_secret": "",
                                   "kept_client_secret": _kept(again, "client_secret")})
    assert _secret(app, db) == TYPED


def test_a_secret_typed_on_the_retry_wins_over_the_kept_one(admin, app, db):
    html = _text(admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://sso.kcg.gov.tw",
                                                "client_secret": TYPED}))
    admin.post(f"{URL}/sso", data={**SSO, "client_secret": "retyped-secret",
                                   "kept_client_secret": _kept(html, "client_secret")})
    assert _secret(app, db) == "retyped-secret"


def test_a_blank_secret_keeps_the_stored_one(admin, app, db):
    assert admin.post(f"{URL}/sso", data=SSO).status_code == 302
    html = _text(admin.get(URL))
    assert SSO["client_secret"] not in html and _kept(html, "client_secret") == ""
    assert "已設定：留空即保留原值，輸入新值則取代。" in html
    assert admin.post(f"{URL}/sso", data={**SSO, "version": "1", "client_secret": "",
                                          "client_id": "civicflow-2"}).status_code == 302
    assert _stored(db, "sso").values["OIDC_CLIENT_ID"] == "civicflow-2"
    assert _secret(app, db) == SSO["client_secret"]


def test_a_refused_save_never_shows_the_stored_secret(admin, app, db):
    admin.post(f"{URL}/sso", data=SSO)
    html = _text(admin.post(f"{URL}/sso", data={**SSO, "version": "1", "client_secret": "",
                                                "issuer": "http://sso.kcg.gov.tw"}))
    assert SSO["client_secret"] not in html
    assert _kept(html, "client_secret") == ""   # nothing typed: nothing kept, the stored one stays
    admin.post(f"{URL}/sso", data={**SSO, "version": "1", "client_secret": ""})
    assert _secret(app, db) == SSO["client_secret"]


def test_the_issuer_check_keeps_the_typed_secret_for_the_save(admin, app, db, issuer):
    html = _text(admin.post(f"{URL}/sso/check", data={**SSO, "client_secret": TYPED}))
    assert TYPED not in html and KEPT_HINT in html and issuer
    admin.post(f"{URL}/sso", data={**SSO, "client_secret": "",
                                   "kept_client_secret": _kept(html, "client_secret")})
    assert _secret(app, db) == TYPED


def test_the_mail_password_is_kept_the_same_way(admin, app, db):
    html = _text(admin.post(f"{URL}/mail", data={**MAIL, "port": "abc", "password": "pw-typed-9"}))
    assert "pw-typed-9" not in html and KEPT_HINT in html
    admin.post(f"{URL}/mail", data={**MAIL, "kept_password": _kept(html, "password")})
    assert _secret(app, db, "mail", "SMTP_PASSWORD") == "pw-typed-9"


@pytest.mark.parametrize("spoil", ["expired", "other_field", "altered"])
def test_a_kept_secret_that_cannot_be_read_is_asked_for_again(admin, db, monkeypatch, spoil):
    html = _text(admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://sso.kcg.gov.tw",
                                                "client_secret": TYPED}))
    kept = _kept(html, "client_secret")
    if spoil == "expired":
        monkeypatch.setattr(kept_secrets, "TTL", -1)
    elif spoil == "other_field":   # a mail password's kept text posted as the client secret
        mail = _text(admin.post(f"{URL}/mail", data={**MAIL, "port": "abc", "password": TYPED}))
        kept = _kept(mail, "password")
    else:
        kept = kept[:-4] + ("AAAA" if not kept.endswith("AAAA") else "BBBB")
    resp = admin.post(f"{URL}/sso", data={**SSO, "client_secret": "", "kept_client_secret": kept})
    page = _text(resp)
    assert resp.status_code == 422 and _stored(db, "sso").version == 0 and _trail(db) == []
    assert f'<p class="field-error" id="client_secret-err">{LOST}</p>' in page
    assert _kept(page, "client_secret") == "" and TYPED not in page


def test_another_administrators_kept_secret_is_not_taken(admin, client_for, app, db):
    html = _text(admin.post(f"{URL}/sso", data={**SSO, "issuer": "http://sso.kcg.gov.tw",
                                                "client_secret": TYPED}))
    with db.begin() as conn:
        users.create_user(conn, "admin2", "DOA", ["admin"], PASSWORD, "第二位管理者", actor="test")
    other = client_for("admin2")
    resp = other.post(f"{URL}/sso", data={**SSO, "client_secret": "",
                                          "kept_client_secret": _kept(html, "client_secret")})
    assert resp.status_code == 422 and LOST in _text(resp) and _secret(app, db) is None
