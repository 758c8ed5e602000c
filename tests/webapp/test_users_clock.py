"""Accounts and API tokens are stamped by the app's clock (webapp/users.py,
webapp/extensions.clock), never the machine's: with a test's FrozenClock an
account's creation, sign-in, password change, deactivation, unlock and a
token's creation, last use, expiry and revocation are the clock's times."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from engine.data.schema import api_token, app_user, audit, login_failure
from engine.time.deadlines import as_utc
from webapp import users

FIRST = "a-long-first-pass"
CHOSEN = "my-own-new-password"


def _audited(db, action) -> list[datetime]:
    with db.connect() as conn:
        return [as_utc(at) for at in conn.execute(
            select(audit.c.at).where(audit.c.action == action).order_by(audit.c.id)).scalars()]


def _account(db, username):
    with db.connect() as conn:
        return conn.execute(select(app_user).where(app_user.c.username == username)).one()


def test_an_account_is_stamped_by_the_apps_clock(app, db, clock, client_for):
    start = clock.now()
    admin = client_for("admin")
    admin.post("/admin/users/new", data={"username": "wang", "display_name": "王大明",
                                         "agency": "PWB", "roles": ["officer"], "password": FIRST})
    assert as_utc(_account(db, "wang").created_at) == start
    assert _audited(db, "user_created") == [start]
    clock.advance(hours=1)
    person = app.test_client()
    person.post("/login", data={"username": "wang", "password": FIRST})
    assert as_utc(_account(db, "wang").last_login_at) == clock.now()
    listing = admin.get("/admin/users").get_data(as_text=True)
    assert "民國115年3月2日" in listing and "民國115年3月2日 10:00" in listing   # 09:00 + 1 h, Taipei
    clock.advance(minutes=5)
    person.post("/account/password", data={"current": FIRST, "new": CHOSEN, "repeat": CHOSEN})
    assert _audited(db, "password_changed") == [clock.now()]
    clock.advance(minutes=5)
    admin.post("/admin/users/wang/password")
    assert _audited(db, "password_reset") == [clock.now()]
    clock.advance(minutes=5)
    admin.post("/admin/users/wang/active", data={"active": "0"})
    assert _audited(db, "user_deactivated") == [clock.now()]


def test_an_unlock_is_stamped_by_the_apps_clock(app, db, clock, client_for):
    with db.begin() as conn:
        conn.execute(login_failure.insert(), [
            {"username": "pwb1", "address": "10.0.0.1", "at": clock.now()} for _ in range(3)])
    clock.advance(minutes=2)
    client_for("admin").post("/admin/users/pwb1/unlock")
    assert _audited(db, "account_unlocked") == [clock.now()]


def _api(app, secret):
    return app.test_client().get("/api/v1/tasks", headers={"Authorization": f"Bearer {secret}"})


def _token(db):
    with db.connect() as conn:
        return conn.execute(select(api_token)).one()


def test_a_token_is_created_used_and_expires_by_the_apps_clock(app, db, clock, client_for):
    admin = client_for("admin")
    day_after = clock.now().astimezone(timezone(timedelta(hours=8))).date() + timedelta(days=1)
    page = admin.post("/admin/tokens", data={"username": "pwb1", "label": "1999 系統",
                                             "expires": day_after.isoformat()})
    assert page.status_code == 200   # tomorrow by the app's clock is a day after today
    secret = page.get_data(as_text=True).split('id="new-token">')[1].split("<")[0]
    created = clock.now()
    assert as_utc(_token(db).created_at) == created and _token(db).last_used_at is None
    assert json.loads(_audited_detail(db, "token_created"))["label"] == "1999 系統"
    assert _audited(db, "token_created") == [created]
    assert "尚未使用" in admin.get("/admin/tokens").get_data(as_text=True)

    clock.advance(hours=2)
    assert _api(app, secret).status_code == 200
    used = clock.now()
    assert as_utc(_token(db).last_used_at) == used
    clock.advance(seconds=30)   # within a minute: not written again
    assert _api(app, secret).status_code == 200
    assert as_utc(_token(db).last_used_at) == used
    clock.advance(minutes=2)
    assert _api(app, secret).status_code == 200
    assert as_utc(_token(db).last_used_at) == clock.now()
    listing = admin.get("/admin/tokens").get_data(as_text=True)
    assert "最後使用" in listing and "民國115年3月2日 11:02" in listing

    clock.advance(days=2)   # past the chosen day, by the app's clock
    assert _api(app, secret).status_code == 401


def _audited_detail(db, action) -> str:
    with db.connect() as conn:
        return conn.execute(select(audit.c.detail).where(audit.c.action == action)).scalar()


def test_a_deactivation_revokes_tokens_at_the_apps_clock(app, db, clock, client_for):
    with db.begin() as conn:
        users.create_token(conn, "pwb1", "介接", now=clock.now())
    assert as_utc(_token(db).created_at) == clock.now()
    clock.advance(days=3)
    client_for("admin").post("/admin/users/pwb1/active", data={"active": "0"})
    assert _audited(db, "token_revoked") == [clock.now()]
