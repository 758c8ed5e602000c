"""/admin/connections: 檢查登入服務 checks the issuer the administrator TYPED,
before saving it (a save is in force at once, for every member of staff):
the button is the single sign-on form's own, nothing is saved, the page
comes back with everything typed (a secret is never shown back: it is kept,
sealed, for the save, and the page says so) and the outcome beside the
issuer field; an address the save would refuse is refused beside the field
and never asked."""
from __future__ import annotations

import re

import pytest

from .test_admin_connections import (
    SSO,
    SSO_LABEL,
    URL,
    Answer,
    _stored,
    _text,
    _trail,
)
from . import test_admin_connections as base

admin = base.admin   # its fixture: an administrator, nothing pinned by the environment

STAFF = "https://sso.kcg.gov.tw/realms/staff"
TYPED = {**SSO, "issuer": STAFF, "client_id": "civicflow-staff", "client_secret": "typed-secret"}


@pytest.fixture
def issuer(monkeypatch):
    """The sign-on service as the check asks it: the URLs asked, answering as STAFF."""
    asked = []

    def fake_get(url, **options):
        asked.append(url)
        return Answer(200, {"issuer": STAFF, "authorization_endpoint": STAFF + "/auth"})
    monkeypatch.setattr("webapp.views.admin.connection_checks.requests.get", fake_get)
    return asked


def _value(html: str, field_id: str) -> str | None:
    found = re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', html)
    value = found and re.search(r'\bvalue="([^"]*)"', found.group(0))
    return value.group(1) if value else None


def test_the_check_asks_the_typed_issuer_keeps_what_was_typed_and_saves_nothing(
        admin, app, db, issuer):
    resp = admin.post(f"{URL}/sso/check", data=TYPED)
    html = _text(resp)
    assert resp.status_code == 200
    assert issuer == [STAFF + "/.well-known/openid-configuration"]
    assert 'id="issuer-result"' in html and "登入服務有回應：可以使用單一登入。" in html
    assert _value(html, "issuer") == STAFF and _value(html, "client_id") == "civicflow-staff"
    assert "typed-secret" not in html   # never shown; kept for the save, as the page says beside it
    assert "剛才填寫的內容已暫時保留（基於安全不再顯示）" in html
    assert _stored(db, "sso").version == 0 and _trail(db) == []
    assert SSO_LABEL not in _text(app.test_client().get("/login"))
    assert "未啟用：同仁以密碼登入。" in html   # still not in force


def test_the_outcome_stands_beside_the_issuer_field(admin, issuer):
    html = _text(admin.post(f"{URL}/sso/check", data=TYPED))
    assert html.index('id="issuer"') < html.index('id="issuer-result"') < html.index('id="client_id"')


def test_a_typed_issuer_other_than_the_saved_one_is_the_one_asked(admin, db, issuer):
    assert admin.post(f"{URL}/sso", data=SSO).status_code == 302   # realms/city in force
    html = _text(admin.post(f"{URL}/sso/check", data={**TYPED, "version": "1"}))
    assert issuer == [STAFF + "/.well-known/openid-configuration"]
    assert _value(html, "issuer") == STAFF
    assert _stored(db, "sso").values["OIDC_ISSUER"] == SSO["issuer"]
    assert 'name="version" type="hidden" value="1"' in html   # a later save still checks for others'
    html = _text(admin.post(f"{URL}/sso/check", data={**SSO, "version": "1",
                                                      "client_secret": ""}))
    assert issuer[1:] == [SSO["issuer"] + "/.well-known/openid-configuration"]   # the saved one
    assert "自稱 https://sso.kcg.gov.tw/realms/staff" in html   # this fake answers as STAFF
    assert "剛才填寫的內容已暫時保留" not in html   # no secret typed: nothing kept


def test_an_issuer_the_save_would_refuse_is_refused_beside_the_field_and_not_asked(
        admin, db, issuer):
    resp = admin.post(f"{URL}/sso/check", data={**TYPED, "issuer": "http://sso.kcg.gov.tw"})
    html = _text(resp)
    assert resp.status_code == 422 and issuer == []
    assert '<p class="field-error" id="issuer-err">請填寫以 https:// 開頭的登入服務位址' in html
    assert _value(html, "issuer") == "http://sso.kcg.gov.tw"
    assert _value(html, "client_id") == "civicflow-staff"
    assert 'id="issuer-result"' not in html and _stored(db, "sso").version == 0


def test_with_no_issuer_typed_the_page_says_to_type_one(admin, issuer):
    html = _text(admin.post(f"{URL}/sso/check", data={**TYPED, "issuer": ""}))
    assert issuer == []
    assert "尚未填寫登入服務位址：請在上方填寫其位址，再按「檢查登入服務」。" in html
    assert "請先填寫其位址並儲存" not in html


def test_the_check_button_is_the_sign_on_forms_and_the_page_advises_checking_first(admin):
    html = _text(admin.get(URL))
    form = html[html.index('id="sso-form"'):]
    form = form[:form.index("</form>")]
    button = re.search(r'<button[^>]*id="check-issuer"[^>]*>', form).group(0)
    assert 'formaction="/admin/connections/sso/check' in button and "formnovalidate" in button
    assert "建議先按「檢查登入服務」確認可連線再儲存" in form
    assert 'id="check-form"' not in html
