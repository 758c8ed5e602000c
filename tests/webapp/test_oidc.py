"""Single sign-on end to end against a real OpenID Connect provider
(oidc-provider-mock, serving on a local port): discovery, the authorization
code flow, the ID token and userinfo, then the mapping to an account."""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from oidc_provider_mock import User, run_server_in_thread
from sqlalchemy import select, update
from webtest_support import seeded_app

from engine.data.schema import app_user, audit
from webapp import create_app, users

PEOPLE = [
    User(sub="s-pwb1", claims={"preferred_username": "pwb1", "email": "x@kcg.gov.tw"}),
    User(sub="s-chen", claims={"preferred_username": "chen.pwb", "email": "chen@kcg.gov.tw"}),
    User(sub="s-lin", claims={"preferred_username": "lin.epb", "email": "lin@kcg.gov.tw",
                              "name": "林小華", "agency": "EPB", "roles": ["officer"]}),
    User(sub="s-wu", claims={"preferred_username": "wu", "email": "wu@kcg.gov.tw"}),
    User(sub="s-admin", claims={"preferred_username": "admin", "email": "admin@kcg.gov.tw"}),
]
SSO_LABEL = "使用市府單一登入"


@pytest.fixture(scope="module")
def issuer():
    with run_server_in_thread(user_claims=PEOPLE) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_app(db, db_url, clock, tmp_path, issuer):
    """`sso_app(**config)`: an app signing on at the local provider; the first
    one seeds the database."""
    seeded = []

    def make(**over):
        config = {"TESTING": True, "WTF_CSRF_ENABLED": False, "OIDC_ISSUER": issuer,
                  "OIDC_CLIENT_ID": "civicflow", "OIDC_CLIENT_SECRET": "a-client-secret",
                  "OIDC_AGENCY_CLAIM": "agency", "OIDC_ROLES_CLAIM": "roles", **over}
        if seeded:
            return create_app({"DATABASE_URL": db_url, "CLOCK": clock, **config})
        seeded.append(True)
        return seeded_app(db, db_url, clock, tmp_path, **config)
    return make


def sign_on(client, sub: str, action: str | None = None, link: str = "/login/sso"):
    """Start at our sign-on link, let the provider vouch for `sub`, come back."""
    start = client.get(link)
    assert start.status_code == 302, start.data[:300]
    form = {"sub": sub} if action is None else {"action": action}
    answer = requests.post(start.headers["Location"], data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/login/sso/callback"
    return client.get(f"{back.path}?{back.query}")


def _signed_in_as(client) -> str | None:
    with client.session_transaction() as session:
        user_id = session.get("_user_id")
    return _username(client.application, int(user_id)) if user_id else None


def _username(app, user_id):
    with app.extensions["civicflow.db"].connect() as conn:
        return conn.execute(select(app_user.c.username).where(app_user.c.id == user_id)).scalar()


def test_sign_in_page_offers_the_city_sign_on_only_when_configured(sso_app):
    page = sso_app().test_client().get("/login").get_data(as_text=True)
    local_only = sso_app(OIDC_ISSUER="").test_client()
    assert SSO_LABEL not in local_only.get("/login").get_data(as_text=True)
    assert local_only.get("/login/sso").status_code == 404
    assert SSO_LABEL in page and 'id="password"' in page   # passwords stay


def test_existing_user_by_username(sso_app):
    client = sso_app().test_client()
    resp = sign_on(client, "s-pwb1")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/inbox")
    assert _signed_in_as(client) == "pwb1"
    assert client.get("/inbox").status_code == 200


def test_existing_user_by_email(sso_app, db):
    app = sso_app()
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "pwb2")
                     .values(email="Chen@kcg.gov.tw"))
    client = app.test_client()
    sign_on(client, "s-chen")
    assert _signed_in_as(client) == "pwb2"


def test_new_user_gets_agency_and_roles_from_the_claims(sso_app, db):
    client = sso_app().test_client()
    sign_on(client, "s-lin")
    assert _signed_in_as(client) == "lin.epb"
    with db.connect() as conn:
        row = users.get_user(conn, "lin.epb")
        created = conn.execute(select(audit.c.actor).where(audit.c.action == "user_created")).all()
    assert (row.agency_code, row.roles, row.display_name, row.email) == \
        ("EPB", "officer", "林小華", "lin@kcg.gov.tw")
    assert created[-1].actor == "oidc"


def test_new_user_gets_the_default_mapping(sso_app, db):
    client = sso_app(OIDC_AGENCY_CLAIM="", OIDC_ROLES_CLAIM="", OIDC_DEFAULT_AGENCY="DOA",
                     OIDC_DEFAULT_ROLES="intake").test_client()
    sign_on(client, "s-wu")
    with db.connect() as conn:
        row = users.get_user(conn, "wu")
    assert (row.agency_code, row.roles) == ("DOA", "intake")


def test_unmapped_person_is_refused_in_their_language(sso_app, db):
    client = sso_app().test_client()
    resp = sign_on(client, "s-wu")     # no agency or roles claim, no defaults
    assert resp.headers["Location"].endswith("/login")
    assert "尚未取得本系統的使用權限" in client.get("/login").get_data(as_text=True)
    assert _signed_in_as(client) is None
    with db.connect() as conn:
        assert users.get_user(conn, "wu") is None


def test_deactivated_account_is_refused(sso_app, db):
    app = sso_app()
    with db.begin() as conn:
        users.set_active(conn, "pwb1", False, actor="admin")
    client = app.test_client()
    sign_on(client, "s-pwb1")
    assert _signed_in_as(client) is None


def test_provider_refusal_is_explained(sso_app):
    client = sso_app().test_client()
    resp = sign_on(client, "", action="deny")
    assert resp.headers["Location"].endswith("/login")
    assert "未能確認您的身分" in client.get("/login").get_data(as_text=True)
    assert _signed_in_as(client) is None


def test_sign_on_session_ends_at_sign_out_like_any_other(sso_app):
    app = sso_app()
    client = app.test_client()
    sign_on(client, "s-pwb1")
    saved = app.test_client()
    saved.set_cookie("session", client.get_cookie("session").value)
    client.post("/logout")
    assert saved.get("/inbox").status_code == 302


def _sso_link(client, asked: str) -> str:
    """Ask for a page signed out; the sign-in page's single sign-on link."""
    to_login = client.get(asked)
    assert to_login.status_code == 302 and "/login?next=" in to_login.headers["Location"]
    page = client.get(to_login.headers["Location"]).get_data(as_text=True)
    return html.unescape(re.search(r'href="(/login/sso[^"]*)"', page).group(1))


def test_sign_on_returns_to_the_page_asked_for(sso_app):
    client = sso_app().test_client()
    link = _sso_link(client, "/board/?agency=PWB&weeks=8")
    assert "next=" in link
    resp = sign_on(client, "s-pwb1", link=link)
    assert resp.status_code == 302
    assert resp.headers["Location"].endswith("/board/?agency=PWB&weeks=8")
    assert _signed_in_as(client) == "pwb1"
    # The next sign-on without a `next` goes to the inbox, not to the old page.
    client.post("/logout")
    assert sign_on(client, "s-pwb1").headers["Location"].endswith("/inbox")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)"])
def test_sign_on_ignores_another_sites_next(sso_app, target):
    client = sso_app().test_client()
    resp = sign_on(client, "s-pwb1", link=f"/login/sso?{urlencode({'next': target})}")
    assert resp.headers["Location"].endswith("/inbox")
    assert _signed_in_as(client) == "pwb1"


def test_sign_on_lands_an_administrator_on_the_administration_home(sso_app):
    # Without case work their inbox is empty; /admin shows what needs them.
    client = sso_app().test_client()
    assert sign_on(client, "s-admin").headers["Location"].endswith("/admin/")
    client.post("/logout")
    link = _sso_link(client, "/board/?agency=PWB")
    assert sign_on(client, "s-admin", link=link).headers["Location"].endswith("/board/?agency=PWB")
