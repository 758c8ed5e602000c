"""/admin: the first screen, users, failed timers, the outbox, API tokens and
the audit trail, each change with its audit row; errors beside the field."""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import insert, select, update

from engine.time.clock import TAIPEI
from engine.time.deadlines import as_utc
from engine.data.schema import api_token, app_user, audit, outbox, timer
from webapp import users
from webtest_support import PASSWORD, login

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)


def _page(client, url):
    resp = client.get(url)
    assert resp.status_code == 200, resp.data[:300]
    return resp.get_data(as_text=True)


def _audit_actions(db):
    with db.connect() as conn:
        return [(r.action, json.loads(r.detail)) for r in conn.execute(
            select(audit.c.action, audit.c.detail).order_by(audit.c.id))]


def _notice(db, status, error=None, key="k1"):
    with db.begin() as conn:
        return conn.execute(insert(outbox).values(
            kind="reply", recipient="ming@example.tw", subject="函復", body="...",
            dedupe_key=key, status=status, attempts=8 if status == "dead" else 0,
            created_at=NOW, next_attempt_at=NOW, last_error=error)).inserted_primary_key[0]


def _failed_timer(app, db):
    from webapp.extensions import runtime
    with app.app_context():
        ref = runtime().start_case("petition", {"title": "路燈"})
    with db.begin() as conn:
        tid = conn.execute(insert(timer).values(
            case_id=ref["id"], task_id="t-1", element_id="handle_overdue_timer", due_at=NOW,
            state="failed", attempts=5, last_error="WorkflowTaskException: boom")).inserted_primary_key[0]
    return ref, tid


def test_only_admins_see_admin(client_for):
    # A supervisor gets their agency's part only (test_admin_scope.py).
    boss = client_for("pwbboss")
    for url in ("/admin/tokens", "/admin/audit", "/admin/agencies", "/admin/calendar",
                "/admin/users/new"):
        assert boss.get(url).status_code == 403, url
    assert client_for("pwb1").get("/admin/users").status_code == 403
    assert client_for("pwb1").get("/admin/").status_code == 403
    assert 'href="/admin/"' not in _page(client_for("pwb1"), "/inbox")
    html = _page(client_for("admin"), "/admin/")
    assert "系統管理" in html and 'href="/admin/"' in html


def test_first_screen_says_mail_is_off_and_what_waits(app, db, client_for):
    _notice(db, "pending", key="a")
    _notice(db, "pending", key="b")
    _notice(db, "dead", "SMTPRecipientsRefused: 550", key="c")
    _failed_timer(app, db)
    html = _page(client_for("admin"), "/admin/")
    assert "郵件尚未設定" in html
    assert 'id="n-pending">2<' in html and 'id="n-dead">1<' in html and 'id="n-timers">1<' in html
    app.config["SMTP_HOST"] = "mail.kcg.gov.tw"
    assert "mail.kcg.gov.tw" in _page(client_for("admin"), "/admin/")


def test_add_user_with_errors_beside_the_fields_then_saved(db, client_for):
    client = client_for("admin")
    bad = client.post("/admin/users/new", data={"username": "pwb1", "agency": "EPB",
                                                 "password": "short"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "此帳號已有人使用" in html and "請至少選擇一個角色" in html and "10 到 200 個字元" in html
    ok = client.post("/admin/users/new", data={"username": "lin", "display_name": "林小姐",
                                               "agency": "EPB", "roles": ["officer", "supervisor"],
                                               "password": "a-long-first-pass"})
    assert ok.status_code == 302
    listing = _page(client, "/admin/users?q=林")
    assert "林小姐" in listing and "環境保護局" in listing and "承辦人" in listing
    assert "pwbboss" not in listing
    assert ("user_created", {"user": "lin", "agency": "EPB",
                             "roles": ["officer", "supervisor"]}) in _audit_actions(db)


def test_edit_agency_and_roles_by_name(db, client_for):
    client = client_for("admin")
    form = _page(client, "/admin/users/pwb2")
    assert '<option selected value="PWB">工務局</option>' in form
    resp = client.post("/admin/users/pwb2", data={"display_name": "小王", "agency": "EPB",
                                                 "roles": ["officer", "supervisor"]})
    assert resp.status_code == 302
    with db.connect() as conn:
        row = users.get_user(conn, "pwb2")
    assert (row.agency_code, row.roles, row.display_name) == ("EPB", "officer,supervisor", "小王")
    assert client.post("/admin/users/pwb2", data={"agency": "EPB"}).status_code == 422
    action, detail = _audit_actions(db)[-1]
    assert action == "user_changed" and detail["before"] == {"agency": "PWB", "roles": "officer"}


def test_deactivated_user_loses_session_and_token_at_once(app, db, client_for):
    officer = client_for("pwb1")
    with db.begin() as conn:
        token = users.create_token(conn, "pwb1", "test")
    api = app.test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/v1/tasks", headers=bearer).status_code == 200
    admin = client_for("admin")
    assert admin.post("/admin/users/pwb1/active", data={"active": "0"}).status_code == 302
    assert officer.get("/inbox").status_code == 302          # back to the sign-in page
    assert api.get("/api/v1/tasks", headers=bearer).status_code == 401
    assert "已停用" in _page(admin, "/admin/users?state=inactive")
    admin.post("/admin/users/pwb1/active", data={"active": "1"})
    # Reactivation does not revive the old token (test_deactivation_revokes_tokens_for_good).
    assert api.get("/api/v1/tasks", headers=bearer).status_code == 401
    assert [a for a, _ in _audit_actions(db)][-3:] == ["user_deactivated", "token_revoked",
                                                       "user_reactivated"]


def test_deactivation_revokes_tokens_for_good(app, db, client_for):
    with db.begin() as conn:
        old = [users.create_token(conn, "pwb1", label) for label in ("1999", "open311")]
    admin = client_for("admin")
    page = _page(admin, "/admin/users/pwb1")
    assert "API 權杖將永久撤銷" in page
    resp = admin.post("/admin/users/pwb1/active", data={"active": "0"}, follow_redirects=True)
    assert "API 權杖已永久撤銷" in resp.get_data(as_text=True)
    with db.connect() as conn:
        assert conn.execute(select(api_token.c.revoked)).scalars().all() == [True, True]
    revoked = [d for a, d in _audit_actions(db) if a == "token_revoked"]
    assert [d["user"] for d in revoked] == ["pwb1", "pwb1"]
    assert "舊的 API 權杖仍維持撤銷" in _page(admin, "/admin/users/pwb1")
    resp = admin.post("/admin/users/pwb1/active", data={"active": "1"}, follow_redirects=True)
    assert "舊的 API 權杖仍維持撤銷" in resp.get_data(as_text=True)
    api = app.test_client()
    for token in old:
        refused = api.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401 and "revoked" in refused.get_json()["error"]["message"]
    with db.begin() as conn:
        new = users.create_token(conn, "pwb1", "again")
    assert api.get("/api/v1/tasks", headers={"Authorization": f"Bearer {new}"}).status_code == 200
    assert "已撤銷" in _page(admin, "/admin/tokens")


def test_admin_cannot_deactivate_self_or_drop_own_admin_role(client_for):
    client = client_for("admin")
    client.post("/admin/users/admin/active", data={"active": "0"})
    assert client.get("/admin/").status_code == 200
    resp = client.post("/admin/users/admin", data={"agency": "DOA", "roles": ["officer"]})
    assert resp.status_code == 422 and "不能移除自己的系統管理者角色" in resp.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200


def test_reset_password_forces_a_new_one_at_next_sign_in(app, db, client_for):
    admin = client_for("admin")
    assert "從未登入" in _page(admin, "/admin/users/pwb1")
    resp = admin.post("/admin/users/pwb1/password")
    temporary = resp.get_data(as_text=True).split('id="temporary">')[1].split("<")[0]
    client = app.test_client()
    assert client.post("/login", data={"username": "pwb1", "password": PASSWORD}).status_code == 200
    client.post("/login", data={"username": "pwb1", "password": temporary})
    assert client.get("/inbox").headers["Location"].endswith("/account/password")
    bad = client.post("/account/password", data={"current": temporary, "new": "x",
                                                  "repeat": "y"})
    assert bad.status_code == 422 and "10 到 200 個字元" in bad.get_data(as_text=True)
    client.post("/account/password", data={"current": temporary, "new": "my-own-password",
                                           "repeat": "my-own-password"})
    assert client.get("/inbox").status_code == 200
    actions = [a for a, _ in _audit_actions(db)]
    assert actions[-3:] == ["password_reset", "signed_in", "password_changed"]
    assert "secret" not in json.dumps(_audit_actions(db)) and temporary not in json.dumps(_audit_actions(db))


def test_last_sign_in_is_shown(db, client_for):
    client_for("pwb1")
    with db.connect() as conn:
        assert users.get_user(conn, "pwb1").last_login_at is not None
    html = _page(client_for("admin"), "/admin/users?q=pwb1")
    assert "從未" not in html.split('data-user="pwb1"')[1].split("</tr>")[0]


def test_failed_timer_listed_and_retried_with_audit(app, db, client_for):
    ref, tid = _failed_timer(app, db)
    client = client_for("admin")
    html = _page(client, "/admin/timers")
    assert ref["number"] in html and "WorkflowTaskException: boom" in html
    assert "逾期（辦理並擬復）" in html and "handle_overdue_timer" in html
    assert client.post("/admin/timers/retry", data={"timer": tid}).status_code == 302
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state, timer.c.attempts)).one() == ("pending", 0)
    assert _audit_actions(db)[-1] == ("timer_retried", {"element": "handle_overdue_timer",
                                                        "timer": tid})
    assert "沒有失敗的計時器" in _page(client, "/admin/timers")


def test_outbox_lists_and_resends_a_failed_notice(db, client_for):
    dead = _notice(db, "dead", "SMTPRecipientsRefused: 550 no such user", key="d")
    sent = _notice(db, "sent", key="s")
    client = client_for("admin")
    html = _page(client, "/admin/outbox?status=dead")
    assert "ming@example.tw" in html and "550 no such user" in html and "重新寄送" in html
    assert client.post(f"/admin/outbox/{sent}/resend").status_code == 302
    assert client.post(f"/admin/outbox/{dead}/resend").status_code == 302
    with db.connect() as conn:
        assert conn.execute(select(outbox.c.status).where(outbox.c.id == dead)).scalar() == "pending"
    assert [a for a, _ in _audit_actions(db)].count("notice_resent") == 1


def test_tokens_created_shown_once_listed_and_revoked(app, db, client_for):
    client = client_for("admin")
    bad = client.post("/admin/tokens", data={"username": "pwb1", "label": "", "expires": "2020-01-01"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "請為權杖命名" in html and "請選擇今天以後的日期" in html
    last_day = datetime.now(TAIPEI).date() + timedelta(days=30)
    resp = client.post("/admin/tokens", data={"username": "pwb1", "label": "1999 系統",
                                              "expires": last_day.isoformat()})
    secret = resp.get_data(as_text=True).split('id="new-token">')[1].split("<")[0]
    assert secret.startswith("cf_")
    listing = _page(client, "/admin/tokens")
    assert "1999 系統" in listing and secret not in listing
    with db.connect() as conn:
        token_id, expires = conn.execute(select(api_token.c.id, api_token.c.expires_at)).one()
    end = datetime.combine(last_day + timedelta(days=1), time(), TAIPEI)   # the day's end in Taipei
    assert as_utc(expires) == end
    assert app.test_client().get("/api/v1/tasks", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    client.post(f"/admin/tokens/{token_id}/revoke")
    assert app.test_client().get("/api/v1/tasks", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert [a for a, _ in _audit_actions(db)][-2:] == ["token_created", "token_revoked"]


def test_expired_token_is_refused(app, db):
    with db.begin() as conn:
        token = users.create_token(conn, "pwb1", "old", datetime(2020, 1, 1, tzinfo=timezone.utc))
    assert app.test_client().get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_audit_names_who_acted_with_the_account_under_the_name(db, client_for):
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "admin")
                     .values(display_name="系統管理員"))
    html = _page(client_for("admin"), "/admin/audit?actor=admin&action=signed_in")
    row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "系統管理員" in row and '<span class="account">admin</span>' in row
    assert "民國" in row and "臺北時間" not in row   # the hint above the table names the zone
    csv = client_for("admin").get("/admin/audit.csv?actor=admin&action=signed_in")
    header, first = csv.get_data().decode("utf-8-sig").splitlines()[:2]
    assert "使用者,帳號" in header and "系統管理員,admin" in first


def test_a_resumed_clock_reads_in_words_its_per_task_days_only_in_the_csv_by_step(db, client_for):
    from engine.data import audit as audit_log
    with db.begin() as conn:
        audit_log.record(conn, case_id=None, at=NOW, actor="system", action="clock_resumed",
                         stopped_at="2026-03-04T02:00:00+00:00", working_days=2,
                         per_task={"0f0e0d0c-0000-4000-8000-000000000001": 2})
    client = client_for("admin")
    row = _page(client, "/admin/audit?action=clock_resumed").split("<tbody>")[1]
    assert "暫停計算自：民國115年3月4日 10:00" in row and "暫停的工作日數：2" in row
    assert "per_task" not in row and "stopped_at" not in row
    csv = client.get("/admin/audit.csv?action=clock_resumed").get_data().decode("utf-8-sig")
    # A task no longer stored is a step of the process, never its id.
    assert "各待辦暫停的工作日數：流程中的步驟：2" in csv and "0f0e0d0c" not in csv


def test_an_agency_chosen_on_a_form_reads_as_its_name(app, db, client_for):
    from engine.data import audit as audit_log
    ref, _tid = _failed_timer(app, db)
    with db.begin() as conn:
        audit_log.record(conn, case_id=ref["id"], at=NOW, actor="system", action="complete",
                         element="handle", form={"competent_agency": "EPB"})
    row = _page(client_for("admin"), f"/admin/audit?case_number={ref['number']}&action=complete")
    row = row.split("<tbody>")[1]
    assert "環境保護局" in row and "EPB" not in row


def test_audit_search_and_csv(app, db, client_for):
    ref, tid = _failed_timer(app, db)
    client = client_for("admin")
    client.post("/admin/timers/retry", data={"timer": tid})
    html = _page(client, f"/admin/audit?case_number={ref['number']}")
    assert "重新觸發計時器" in html and "登入" not in html.split("<tbody>")[1]
    # The step's name, not the model's element id (a code a clerk cannot read),
    # nor the timer row's number, which no page names.
    assert "流程步驟：逾期（辦理並擬復）</div>" in html and "handle_overdue_timer" not in html
    by_user = _page(client, "/admin/audit?actor=admin&action=signed_in")
    assert by_user.count("<tr>") >= 1 and ref["number"] not in by_user.split("<tbody>")[1]
    bad = client.get("/admin/audit?since=2026-03-10&until=2026-03-01")
    assert bad.status_code == 422 and "結束日期早於開始日期" in bad.get_data(as_text=True)
    csv = client.get(f"/admin/audit.csv?case_number={ref['number']}")
    assert csv.mimetype == "text/csv"
    text = csv.get_data().decode("utf-8-sig")
    assert "重新觸發計時器" in text and ref["number"] in text


def test_audit_says_a_timer_error_in_words_and_so_does_its_csv(app, db, client_for):
    from engine.data import audit as audit_log
    ref, tid = _failed_timer(app, db)
    with db.begin() as conn:
        audit_log.record(conn, case_id=ref["id"], at=NOW, actor="system", action="timer_failed",
                         element="handle_overdue_timer", error="WorkflowTaskException: boom",
                         attempts=5)
    client = client_for("admin")
    row = _page(client, f"/admin/audit?case_number={ref['number']}&action=timer_failed")
    row = row.split("<tbody>")[1]
    assert "系統" in row and "計時器失敗" in row and "請模型作者修正" in row
    assert "WorkflowTaskException" not in row and "system" not in row
    csv = client.get(f"/admin/audit.csv?case_number={ref['number']}&action=timer_failed")
    text = csv.get_data().decode("utf-8-sig")
    assert "請模型作者修正" in text and "WorkflowTaskException" not in text   # as the page says it


def test_audit_date_range_in_taipei_days(app, db, client_for, clock):
    client = client_for("admin")
    today = clock.now().astimezone(TAIPEI).date().isoformat()   # a sign-in is stamped by the app's clock
    assert "登入" in _page(client, f"/admin/audit?action=signed_in&since={today}").split("<tbody>")[1]
    assert "沒有符合的紀錄" in _page(client, "/admin/audit?action=signed_in&until=2020-01-01")


def test_locked_account_counted_shown_and_unlocked(app, db, client_for):
    from engine.data.schema import login_failure
    now = datetime.now(timezone.utc)
    with db.begin() as conn:
        conn.execute(insert(login_failure), [
            {"username": "pwb2", "address": "10.0.0.9", "at": now}
            for _ in range(app.config["LOGIN_MAX_FAILURES"])])
    client = client_for("admin")
    assert 'id="n-locked">1<' in _page(client, "/admin/")
    listing = _page(client, "/admin/users?state=locked")
    assert 'data-user="pwb2"' in listing and 'data-user="pwb1"' not in listing and "鎖定至" in listing
    assert "密碼錯誤次數過多，鎖定至" in _page(client, "/admin/users/pwb2")
    assert client.post("/admin/users/pwb2/unlock").status_code == 302
    assert 'id="n-locked">0<' in _page(client, "/admin/")
    assert "解除鎖定" not in _page(client, "/admin/users/pwb2").split("<h2>")[1].split("</form>")[0]
    assert _audit_actions(db)[-1] == ("account_unlocked", {"user": "pwb2"})
    login(app.test_client(), "pwb2")


def _errors(resp):
    import re
    return re.findall(r'class="field-error"[^>]*>([^<]*)<', resp.get_data(as_text=True))


def test_tampered_or_unreadable_values_answered_in_zh_beside_the_field(app, db, client_for):
    client = client_for("admin")
    resp = client.post("/admin/users/pwb2", data={"agency": "NOPE", "roles": ["boss"]})
    assert resp.status_code == 422
    assert _errors(resp) == ["請從清單中選擇機關。", "請從選項中選擇。"]
    resp = client.post("/admin/tokens", data={"username": "ghost", "label": "x", "expires": "garbage"})
    assert resp.status_code == 422 and _errors(resp) == ["請從清單中選擇帳號。", "請輸入正確的日期，例如 115/03/02。"]
    resp = client.get("/admin/audit?since=notadate")
    assert resp.status_code == 422 and _errors(resp) == ["請輸入正確的日期，例如 115/03/02。"]
    ref, tid = _failed_timer(app, db)
    assert client.post("/admin/timers/retry", data={"timer": "abc"}).status_code == 400
    assert client.post("/admin/users/ghost/active", data={"active": "0"}).status_code == 404
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state)).scalar() == "failed"   # nothing retried
    assert client.post("/admin/timers/retry", data={"all": "1"}).status_code == 302
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state)).scalar() == "pending"
