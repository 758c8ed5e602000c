"""CSRF on every form, security headers, session expiry, safe redirects."""
import pytest
from webtest_support import PASSWORD, csrf_token


@pytest.fixture
def csrf_app(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    assert client.post("/login", data={"username": "pwb1", "password": PASSWORD}).status_code == 400
    token = csrf_token(client.get("/login").data)
    ok = client.post("/login", data={"username": "pwb1", "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302


def test_public_form_needs_csrf_too(csrf_app):
    assert csrf_app.test_client().post("/public/petition", data={"subject": "x"}).status_code == 400


def test_api_is_exempt_because_it_uses_bearer_tokens(csrf_app):
    assert csrf_app.test_client().post("/api/v1/cases", json={}).status_code == 401


def test_security_headers(app):
    resp = app.test_client().get("/login")
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Cache-Control"] == "no-store"


def test_session_cookie_expires_and_is_http_only(app):
    client = app.test_client()
    resp = client.post("/login", data={"username": "pwb1", "password": PASSWORD})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Expires=" in cookie and "SameSite=Lax" in cookie


def test_expired_session_is_logged_out(app):
    from datetime import timedelta
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=-1)
    client = app.test_client()
    client.post("/login", data={"username": "pwb1", "password": PASSWORD})
    assert client.get("/inbox").status_code == 302


def test_login_redirect_stays_on_site(app):
    resp = app.test_client().post("/login?next=//evil.example/x",
                                  data={"username": "pwb1", "password": PASSWORD})
    assert resp.headers["Location"] == "/inbox"


def test_logout_needs_post(client_for):
    client = client_for("pwb1")
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/inbox").status_code == 302


def test_rate_limits_forget_only_the_bucket_and_address_named(app):
    from webapp.form_limits import FAILED_LOOK_UPS, forget, forget_all, over_the_limit, used_up
    app.config["PUBLIC_RATE_LIMIT"] = "1/hour"
    with app.app_context():
        for bucket in ("public.petition", FAILED_LOOK_UPS):
            assert over_the_limit("PUBLIC_RATE_LIMIT", bucket, "1.2.3.4") is None
            assert over_the_limit("PUBLIC_RATE_LIMIT", bucket, "1.2.3.4") == 3600
        forget("PUBLIC_RATE_LIMIT", "public.petition", "1.2.3.4")
        assert over_the_limit("PUBLIC_RATE_LIMIT", "public.petition", "1.2.3.4") is None
        assert used_up("PUBLIC_RATE_LIMIT", FAILED_LOOK_UPS, "1.2.3.4") == 3600
        forget_all()
        assert used_up("PUBLIC_RATE_LIMIT", FAILED_LOOK_UPS, "1.2.3.4") is None
