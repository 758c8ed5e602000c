"""The first screen after signing in follows the person's work
(webapp/landing.py): an administrator or analyst without case work does not
land on an empty inbox; a `next` page they asked for still wins."""
from __future__ import annotations

import pytest
from webtest_support import PASSWORD


def _sign_in(app, username, next_=None):
    url = "/login" + (f"?next={next_}" if next_ else "")
    return app.test_client().post(url, data={"username": username, "password": PASSWORD})


@pytest.mark.parametrize("username, first_screen", [
    ("pwb1", "/inbox"), ("clerk", "/inbox"), ("pwbboss", "/inbox"),
    ("admin", "/admin/"), ("analyst", "/models/")])
def test_sign_in_lands_on_the_work_page(app, username, first_screen):
    assert _sign_in(app, username).headers["Location"] == first_screen


def test_the_page_asked_for_wins(app):
    assert _sign_in(app, "admin", "/board/?agency=PWB").headers["Location"] == "/board/?agency=PWB"
    assert _sign_in(app, "admin", "//evil.example/x").headers["Location"] == "/admin/"


def test_an_administrator_who_also_handles_cases_keeps_the_inbox(app, db):
    from webapp import users
    with db.begin() as conn:
        users.update_user(conn, "admin", "DOA", ["admin", "officer"], "系統管理員", actor="test")
    assert _sign_in(app, "admin").headers["Location"] == "/inbox"


def test_signed_in_administrator_opening_the_sign_in_page_goes_home(client_for):
    assert client_for("admin").get("/login").headers["Location"] == "/admin/"


def test_administration_home_leads_to_the_connections_page_not_the_server(client_for):
    html = client_for("admin").get("/admin/").get_data(as_text=True)
    assert '<a href="/admin/connections" id="connections-link">郵件伺服器與單一登入設定</a>' in html
    assert "單一登入：未啟用（同仁以密碼登入）。" in html
    assert "SMTP_HOST" not in html   # nothing to type on the server any more


def test_the_site_root_opens_the_first_screen_too(client_for):
    assert client_for("admin").get("/").headers["Location"] == "/admin/"
    assert client_for("pwb1").get("/").headers["Location"] == "/inbox"


def test_the_site_name_in_the_header_leads_to_the_first_screen(client_for):
    page = client_for("admin").get("/admin/").get_data(as_text=True)
    assert '<a class="brand" href="/">' in page
