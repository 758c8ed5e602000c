"""An account an administrator adds starts with a password the administrator
knows: the person must choose their own at the first sign-in, and the first
screen counts the account among those waiting for a new password
(webapp/views/admin/users.user_new)."""
from __future__ import annotations

FIRST = "a-long-first-pass"


def test_a_new_account_chooses_its_own_password_at_first_sign_in(app, client_for):
    admin = client_for("admin")
    form = admin.get("/admin/users/new").get_data(as_text=True)
    assert "本人第一次登入時須設定自己的新密碼" in form
    admin.post("/admin/users/new", data={"username": "wang", "display_name": "王大明",
                                         "agency": "PWB", "roles": ["officer"],
                                         "password": FIRST})
    listing = admin.get("/admin/users?state=must_change").get_data(as_text=True)
    assert "王大明" in listing
    person = app.test_client()
    person.post("/login", data={"username": "wang", "password": FIRST})
    inbox = person.get("/inbox")
    assert inbox.status_code == 302 and inbox.headers["Location"].endswith("/account/password")
    page = person.get("/account/password").get_data(as_text=True)
    assert "您的密碼由系統管理者設定，請先設定您自己的新密碼再繼續。" in page
