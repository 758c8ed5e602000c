"""A session ends everywhere: a cookie saved before a sign-out, a password
change, a reset or a deactivation no longer opens a page."""
from webtest_support import PASSWORD, login

from webapp import users

NEW_PASSWORD = "a brand new passphrase"


def _copy(client, app):
    """A second browser holding the very same cookie (e.g. one copied by a thief)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def _opens_inbox(client) -> bool:
    resp = client.get("/inbox")
    return resp.status_code == 200


def _sent_to_login(client) -> bool:
    resp = client.get("/inbox")
    return resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_sign_out_ends_a_saved_cookie(app):
    browser = login(app.test_client(), "pwb1")
    saved = _copy(browser, app)
    assert _opens_inbox(saved)
    browser.post("/logout")
    assert _sent_to_login(saved)
    assert _sent_to_login(browser)


def test_sign_out_in_one_browser_ends_the_others(app):
    office, home = login(app.test_client(), "pwb1"), login(app.test_client(), "pwb1")
    office.post("/logout")
    assert _sent_to_login(home)
    assert _opens_inbox(login(app.test_client(), "pwb1"))   # signing in again works


def test_password_change_ends_other_sessions_but_not_this_one(app):
    here, elsewhere = login(app.test_client(), "pwb1"), login(app.test_client(), "pwb1")
    saved = _copy(here, app)
    resp = here.post("/account/password", data={
        "current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert resp.status_code == 302
    assert _opens_inbox(here)
    assert _sent_to_login(elsewhere)
    assert _sent_to_login(saved)   # the cookie as it was before the change


def test_reset_and_deactivation_end_sessions(app):
    officer, other = login(app.test_client(), "pwb1"), login(app.test_client(), "pwb2")
    with app.extensions["civicflow.db"].begin() as conn:
        users.reset_password(conn, "pwb1", actor="admin")
        users.set_active(conn, "pwb2", False, actor="admin")
    assert _sent_to_login(officer)
    assert _sent_to_login(other)


def test_other_users_sessions_are_untouched(app):
    colleague = login(app.test_client(), "pwb2")
    login(app.test_client(), "pwb1").post("/logout")
    assert _opens_inbox(colleague)


def test_session_cookie_is_secure_when_served_over_https(app):
    app.config["SESSION_COOKIE_SECURE"] = True
    resp = app.test_client().post("/login", data={"username": "pwb1", "password": PASSWORD})
    assert "Secure" in resp.headers["Set-Cookie"]
    assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_scheme_turns_the_secure_cookie_on(monkeypatch):
    import importlib

    import config
    monkeypatch.setenv("PREFERRED_URL_SCHEME", "https")
    try:
        assert importlib.reload(config).Config.SESSION_COOKIE_SECURE is True
    finally:
        monkeypatch.delenv("PREFERRED_URL_SCHEME")
        importlib.reload(config)
