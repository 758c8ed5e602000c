"""A supervisor's part of /admin: the accounts, failed timers and failed
notices of their agency and the agencies under it; unlock and reset a
password, retry, resend; never another agency's, never an administrator's,
never roles, agency or activation. Crafted requests are refused in zh-TW
and change nothing."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import insert, select, update

from engine.data.schema import agency, app_user, audit, case, login_failure, outbox, timer
from webapp import users
from webtest_support import PASSWORD, login

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
REFUSED = "您沒有執行此操作的權限"


def _page(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, resp.data[:300]
    return resp.get_data(as_text=True)


def _refused(resp):
    assert resp.status_code == 403 and REFUSED in resp.get_data(as_text=True)


def _audit_count(db):
    with db.connect() as conn:
        return len(conn.execute(select(audit.c.id)).all())


def _case_of(app, db, agency_code, title):
    from webapp.extensions import runtime
    with app.app_context():
        ref = runtime().start_case("petition", {"title": title})
    with db.begin() as conn:
        conn.execute(update(case).where(case.c.id == ref["id"])
                     .values(responsible_agency=agency_code))
    return ref


@pytest.fixture
def trouble(app, db):
    """A failed timer and a failed notice on a PWB case and on an EPB case;
    a WRB officer, WRB placed under PWB."""
    made = {}
    for n, code in enumerate(("PWB", "EPB")):
        ref = _case_of(app, db, code, f"路燈 {code}")
        with db.begin() as conn:
            made[code] = {
                "number": ref["number"],
                "timer": conn.execute(insert(timer).values(
                    case_id=ref["id"], task_id=f"t-{n}", element_id="handle_overdue_timer",
                    due_at=NOW, state="failed", attempts=5,
                    last_error="WorkflowTaskException: boom")).inserted_primary_key[0],
                "notice": conn.execute(insert(outbox).values(
                    case_id=ref["id"], kind="reply", recipient=f"{code.lower()}@example.tw",
                    subject="函復", body="...", dedupe_key=f"k-{code}", status="dead",
                    attempts=8, created_at=NOW, next_attempt_at=NOW,
                    last_error="SMTPRecipientsRefused: 550")).inserted_primary_key[0]}
    with db.begin() as conn:
        conn.execute(update(agency).where(agency.c.code == "WRB").values(parent_code="PWB"))
        users.add_user(conn, "wrb1", "WRB", ["officer"], PASSWORD)
    return made


def test_supervisor_sees_their_agencies_accounts_only(client_for, trouble):
    boss = client_for("pwbboss")
    assert 'href="/admin/">管理<' in _page(boss, "/inbox")
    home = _page(boss, "/admin/")
    assert "管理：工務局" in home and 'id="n-timers">1<' in home and 'id="n-dead">1<' in home
    assert 'class="card mail' not in home and "SMTP" not in home and 'id="n-pending"' not in home
    listing = _page(boss, "/admin/users")
    for name in ("pwb1", "pwb2", "pwbboss", "wrb1"):      # WRB is under PWB here
        assert f'data-user="{name}"' in listing
    for name in ("epb1", "admin", "clerk", "doaboss"):
        assert f'data-user="{name}"' not in listing
    assert "新增帳號" not in listing and "停用" not in listing.split("<tbody>")[1]
    tabs = listing.split('class="tabs"')[1].split("</nav>")[0]
    assert "使用者" in tabs and "失敗的計時器" in tabs
    assert "API 權杖" not in tabs and "稽核紀錄" not in tabs and "行事曆" not in tabs
    page = _page(boss, "/admin/users/pwb1")
    assert "重設密碼" in page and 'name="roles"' not in page and "/active" not in page


def test_supervisor_unlocks_and_resets_a_password_in_their_agency(app, db, client_for, trouble):
    with db.begin() as conn:
        conn.execute(insert(login_failure), [
            {"username": "pwb2", "address": "10.0.0.9", "at": datetime.now(timezone.utc)}
            for _ in range(app.config["LOGIN_MAX_FAILURES"])])
    boss = client_for("pwbboss")
    assert 'id="n-locked">1<' in _page(boss, "/admin/")
    assert boss.post("/admin/users/pwb2/unlock").status_code == 302
    assert 'id="n-locked">0<' in _page(boss, "/admin/")
    resp = boss.post("/admin/users/pwb2/password")
    temporary = resp.get_data(as_text=True).split('id="temporary">')[1].split("<")[0]
    person = app.test_client()
    person.post("/login", data={"username": "pwb2", "password": temporary})
    assert person.get("/inbox").headers["Location"].endswith("/account/password")
    with db.connect() as conn:
        done = [(r.actor, r.action) for r in conn.execute(select(audit.c.actor, audit.c.action))]
    assert ("pwbboss", "account_unlocked") in done and ("pwbboss", "password_reset") in done


def test_crafted_requests_for_other_agencies_change_nothing(app, db, client_for, trouble):
    boss = client_for("pwbboss")
    before = _audit_count(db)
    with db.connect() as conn:
        hashes = dict(conn.execute(select(app_user.c.username, app_user.c.password_hash)).all())
    for url in ("/admin/users/epb1/password", "/admin/users/epb1/unlock",
                "/admin/users/admin/password", "/admin/users/pwb1/active",
                "/admin/users/new", "/admin/tokens"):
        _refused(boss.post(url, data={"active": "0", "username": "x", "label": "x"}))
    _refused(boss.post("/admin/users/pwb1", data={"agency": "PWB", "roles": ["admin"]}))
    _refused(boss.get("/admin/users/epb1"))
    _refused(boss.post("/admin/timers/retry", data={"timer": trouble["EPB"]["timer"]}))
    _refused(boss.post(f"/admin/outbox/{trouble['EPB']['notice']}/resend"))
    assert boss.post("/admin/users/ghost/password").status_code == 404
    assert _audit_count(db) == before
    with db.connect() as conn:
        assert dict(conn.execute(select(app_user.c.username, app_user.c.password_hash)).all()) == hashes
        assert users.get_user(conn, "pwb1").roles == "officer"
        ours = [t["timer"] for t in trouble.values()]
        assert set(conn.execute(select(timer.c.state).where(timer.c.id.in_(ours))).scalars()) \
            == {"failed"}
        assert set(conn.execute(select(outbox.c.status)).scalars()) == {"dead"}


def test_supervisor_retries_and_resends_their_agencies_only(app, db, client_for, trouble):
    boss = client_for("pwbboss")
    timers_page = _page(boss, "/admin/timers")
    assert trouble["PWB"]["number"] in timers_page and trouble["EPB"]["number"] not in timers_page
    outbox_page = _page(boss, "/admin/outbox?status=all")
    assert "pwb@example.tw" in outbox_page and "epb@example.tw" not in outbox_page
    assert boss.post("/admin/timers/retry", data={"all": "1"}).status_code == 302
    assert boss.post(f"/admin/outbox/{trouble['PWB']['notice']}/resend").status_code == 302
    with db.connect() as conn:
        states = dict(conn.execute(select(timer.c.id, timer.c.state).where(
            timer.c.id.in_([t["timer"] for t in trouble.values()]))).all())
        sent = dict(conn.execute(select(outbox.c.id, outbox.c.status)).all())
    assert states == {trouble["PWB"]["timer"]: "pending", trouble["EPB"]["timer"]: "failed"}
    assert sent == {trouble["PWB"]["notice"]: "pending", trouble["EPB"]["notice"]: "dead"}
    # The administrator keeps the whole view.
    admin = client_for("admin")
    assert trouble["EPB"]["number"] in _page(admin, "/admin/timers")
    assert "epb@example.tw" in _page(admin, "/admin/outbox?status=dead")


def test_officers_get_no_management(client_for):
    officer = client_for("pwb1")
    assert 'href="/admin/"' not in _page(officer, "/inbox")
    assert officer.get("/admin/").status_code == 403
    assert officer.get("/admin/users").status_code == 403
