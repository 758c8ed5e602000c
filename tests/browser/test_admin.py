"""An administrator in the browser: the first screen says mail is not
configured and how many notices wait unsent; a demo officer is deactivated
and their open session is refused on its next request, their API token gets
401; a failed timer is fired again; a token is created (its secret shown
once) and revoked; the audit trail shows what was done."""
from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import insert

from engine.data.schema import outbox, timer
from webtest_support import CLERK

pytestmark = pytest.mark.browser
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def trouble(live_server, db, clock):
    """Three notices waiting (mail is not configured in tests) and one failed timer."""
    from engine.cases.runtime import Engine
    ref = Engine(db, clock).start_case("petition", {"title": "鼓山區路燈不亮"}, actor=CLERK)
    with db.begin() as conn:
        for n in range(3):
            conn.execute(insert(outbox).values(
                kind="reply", recipient=f"citizen{n}@example.tw", subject="函復", body="…",
                dedupe_key=f"k{n}", status="pending", created_at=NOW, next_attempt_at=NOW))
        conn.execute(insert(timer).values(
            case_id=ref["id"], task_id="t-1", element_id="handle_overdue_timer", due_at=NOW,
            state="failed", attempts=5, last_error="WorkflowTaskException: name 'x' is not defined"))
    return ref["number"]


def api_status(live_server, token) -> int:
    req = urllib.request.Request(f"{live_server}/api/v1/tasks",
                                 headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


def create_token(page, live_server, username, label):
    page.goto(f"{live_server}/admin/tokens")
    page.select_option("#username", username)
    page.fill("#label", label)
    page.click("button:has-text('建立權杖')")
    return page.locator("#new-token").inner_text().strip()


def test_admin_sees_trouble_and_deactivates_an_officer(login, live_server, trouble, shot,
                                                       accessible):
    officer = login("pwb1")
    admin = login("admin")
    admin.click("header nav a:has-text('系統管理')")
    assert "郵件尚未設定" in admin.locator("#mail-off").inner_text()
    assert admin.locator("#n-pending").inner_text() == "3"
    assert admin.locator("#n-timers").inner_text() == "1"
    shot(admin, "admin-home")
    accessible(admin)

    admin.click("a:has-text('則通知尚未寄出')")
    assert "citizen0@example.tw" in admin.locator("#notices").inner_text()
    assert "3 則通知等待寄送" in admin.locator("#mail-off").inner_text()
    shot(admin, "admin-outbox")
    accessible(admin)

    token = create_token(admin, live_server, "pwb1", "1999 話務系統")
    assert token.startswith("cf_") and api_status(live_server, token) == 200

    admin.click("nav.tabs a:has-text('使用者')")
    admin.fill("#q", "pwb1")
    admin.click("form[role=search] button")
    row = admin.locator("tr[data-user=pwb1]")
    assert "工務局" in row.inner_text() and "承辦人" in row.inner_text()
    accessible(admin)
    row.locator("button:has-text('停用')").click()
    assert "已停用" in admin.locator(".flash.success").inner_text()
    shot(admin, "admin-users-deactivated")
    accessible(admin)

    officer.goto(f"{live_server}/inbox")          # the open session's next request
    assert "/login" in officer.url
    expect(officer.locator("#username")).to_be_visible()
    accessible(officer)
    assert api_status(live_server, token) == 401


def test_admin_retries_a_timer_and_revokes_a_token(login, live_server, trouble, shot, accessible):
    admin = login("admin")
    admin.goto(f"{live_server}/admin/timers")
    row = admin.locator("tr[data-timer]")
    # The error in words first; the exception itself under "technical detail".
    assert trouble in row.inner_text() and "請模型作者修正" in row.inner_text()
    assert "is not defined" not in row.inner_text()
    row.locator("summary:has-text('技術細節')").click()
    assert "is not defined" in row.inner_text() and "handle_overdue_timer" in row.inner_text()
    shot(admin, "admin-timers")
    accessible(admin)
    row.locator("button:has-text('重新觸發')").click()
    assert "排程器將重新觸發" in admin.locator(".flash.success").inner_text()
    assert "沒有失敗的計時器" in admin.locator("#timers").inner_text()
    accessible(admin)

    admin.goto(f"{live_server}/admin/tokens")
    admin.fill("#label", "")
    admin.click("button:has-text('建立權杖')")
    assert "請為權杖命名" in admin.locator(".field.invalid").inner_text()
    accessible(admin)
    token = create_token(admin, live_server, "epb1", "環保局介接")
    shot(admin, "admin-token-created")
    accessible(admin)
    admin.goto(f"{live_server}/admin/tokens")
    assert token not in admin.content()
    row = admin.locator("tr[data-token]", has_text="環保局介接")
    row.locator("button:has-text('撤銷')").click()
    assert "已撤銷" in admin.locator("tr[data-token]", has_text="環保局介接").inner_text()
    assert api_status(live_server, token) == 401
    shot(admin, "admin-tokens")

    admin.click("nav.tabs a:has-text('稽核紀錄')")
    admin.fill("#case_number", trouble)
    admin.click("form[role=search] button[type=submit]")
    assert "重新觸發計時器" in admin.locator("#audit").inner_text()
    shot(admin, "admin-audit")
    accessible(admin)


def test_admin_adds_an_account_and_resets_a_password(login, browser, live_server, shot,
                                                     accessible):
    admin = login("admin")
    admin.goto(f"{live_server}/admin/users/new")
    admin.fill("#username", "lin.mei")
    admin.fill("#display_name", "林美")
    admin.select_option("#agency", label="環境保護局")
    admin.fill("#password", "short")
    admin.click("button:has-text('新增此帳號')")
    assert "請至少選擇一個角色" in admin.locator(".field.invalid", has_text="角色").inner_text()
    assert "長度須為 10 到 200 個字元" in admin.locator("#password-err").inner_text()
    shot(admin, "admin-user-new-errors")
    accessible(admin)
    admin.check("label:has-text('承辦人') input")
    admin.fill("#password", "a-long-first-pass")
    admin.click("button:has-text('新增此帳號')")
    assert "已建立帳號 lin.mei" in admin.locator(".flash.success").inner_text()

    admin.click("tr[data-user='lin.mei'] a")
    accessible(admin)
    admin.click("button:has-text('重設密碼')")
    temporary = admin.locator("#temporary").inner_text().strip()
    shot(admin, "admin-password-reset")
    accessible(admin)

    person = browser.new_page(locale="zh-TW")
    person.goto(f"{live_server}/login")
    person.fill("#username", "lin.mei")
    person.fill("#password", temporary)
    person.click("button[type=submit].primary")
    person.wait_for_url(f"{live_server}/account/password")
    assert "您的密碼由系統管理者設定" in person.locator(".flash").inner_text()
    person.fill("#current", temporary)
    person.fill("#new", "my-own-password-1")
    person.fill("#repeat", "my-own-password-2")
    person.click("button:has-text('儲存新密碼')")
    assert "兩次輸入的新密碼不一致" in person.locator("#repeat-err").inner_text()
    shot(person, "account-password-errors")
    accessible(person)
    person.fill("#current", temporary)
    person.fill("#new", "my-own-password-1")
    person.fill("#repeat", "my-own-password-1")
    person.click("button:has-text('儲存新密碼')")
    person.wait_for_url(f"{live_server}/inbox")
    assert "新密碼已儲存" in person.locator(".flash.success").inner_text()


# Latin words a zh-TW reader may meet on the admin pages: names of standards
# and of things typed by people (usernames, addresses, token names).
ALLOWED_LATIN = {"API", "REST", "Open311", "SMTP", "CSV",
                 # the server settings the first screen asks the administrator to set
                 "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD",
                 "SMTP_STARTTLS", "MAIL_FROM"}


def latin_words(page, data_words: set[str]) -> set[str]:
    """The Latin words visible in the page's main part that are neither
    allowed terms nor data typed by people (usernames, e-mail addresses)."""
    import re
    text = page.locator("main").inner_text()
    text = re.sub(r"[\w.+-]+@[\w.-]+", " ", text)            # e-mail addresses
    text = re.sub(r"\b[A-Z]{2,}-?\d+[\w-]*\b", " ", text)     # case numbers
    return {w for w in re.findall(r"[A-Za-z][A-Za-z0-9_]{2,}", text)
            if w not in ALLOWED_LATIN and w not in data_words}


@pytest.fixture
def eventful(trouble, db):
    """Besides `trouble`: a failed notice, an officer deactivated (their token
    revoked) and reactivated: the audit trail holds most administrative records."""
    from webapp import users
    with db.begin() as conn:
        conn.execute(insert(outbox).values(
            kind="reminder", recipient="dead@example.tw", subject="提醒", body="…",
            dedupe_key="dead-1", status="dead", attempts=8, created_at=NOW, next_attempt_at=NOW,
            last_error="SMTPRecipientsRefused: {'dead@example.tw': (550, b'5.1.1 User unknown')}"))
        users.create_token(conn, "epb1", "環保局介接", actor="admin")
        users.set_active(conn, "epb1", False, actor="admin")
        users.set_active(conn, "epb1", True, actor="admin")
    return trouble


def wrong_passwords(browser, live_server, username, times):
    page = browser.new_page(locale="zh-TW")
    for _ in range(times):
        page.goto(f"{live_server}/login")
        page.fill("#username", username)
        page.fill("#password", "not-the-password")
        page.click("button[type=submit].primary")
    page.close()


def test_every_admin_page_speaks_zh_tw(login, browser, live_server, eventful, shot, accessible):
    """No English sentence, raw code or element id on any admin page a zh-TW
    administrator opens (labels for audit actions, timer errors, notice kinds)."""
    data_words = {"pwb1", "pwb2", "pwbboss", "epb1", "admin", "clerk", "analyst", "doaboss"}
    wrong_passwords(browser, live_server, "pwb2", 5)      # locked (audited)
    admin = login("admin")
    admin.goto(f"{live_server}/admin/users/pwb2")
    admin.click("button:has-text('解除鎖定')")             # unlocked (audited)
    admin.click("form[action='/logout'] button")             # signed out (audited)
    admin = login("admin")
    pages = {"home": "/admin/", "users": "/admin/users", "user": "/admin/users/epb1",
             "tokens": "/admin/tokens", "timers": "/admin/timers",
             "outbox": "/admin/outbox?status=all", "audit": "/admin/audit"}
    found = {}
    for name, url in pages.items():
        admin.goto(f"{live_server}{url}")
        shot(admin, f"zh-admin-{name}")
        accessible(admin)
        found[url] = latin_words(admin, data_words)
    assert not any(found.values()), {url: sorted(words) for url, words in found.items() if words}
    admin.goto(f"{live_server}/admin/audit?action=account_locked")
    locked = admin.locator("#audit tbody tr").first.inner_text()
    assert "系統" in locked and "帳號遭鎖定" in locked and "臺北時間" in locked and "+00:00" not in locked


def test_supervisor_manages_their_agency_only(login, browser, live_server, trouble, db, shot,
                                              accessible):
    """pwbboss (工務局 supervisor) finds 管理 in the header: their agency's
    accounts only, a locked officer unlocked, no roles, no tokens, no audit."""
    from sqlalchemy import update
    from engine.data.schema import case
    with db.begin() as conn:   # the failed timer's case is PWB's
        conn.execute(update(case).where(case.c.number == trouble).values(responsible_agency="PWB"))
    wrong_passwords(browser, live_server, "pwb2", 5)
    boss = login("pwbboss")
    expect(boss.locator("header nav a:has-text('系統管理')")).to_have_count(0)
    boss.click("header nav a:has-text('管理')")
    assert "管理：工務局" in boss.locator("h1").inner_text()
    assert boss.locator("#n-locked").inner_text() == "1"
    assert boss.locator("#n-timers").inner_text() == "1"
    tabs = boss.locator("nav.tabs").first.inner_text()
    assert "使用者" in tabs and "API 權杖" not in tabs and "稽核紀錄" not in tabs
    shot(boss, "supervisor-home")
    accessible(boss)
    boss.click("nav.tabs a:has-text('使用者')")
    listing = boss.locator("#users").inner_text()
    assert "pwb2" in listing and "epb1" not in listing and "admin" not in listing
    shot(boss, "supervisor-users")
    accessible(boss)
    boss.click("tr[data-user=pwb2] a >> nth=0")
    assert "系統管理者" in boss.locator("#ask-admin").inner_text()
    expect(boss.locator("input[name=roles]")).to_have_count(0)
    boss.click("button:has-text('解除鎖定')")
    assert "已解除鎖定" in boss.locator(".flash.success").inner_text()
    shot(boss, "supervisor-user")
    accessible(boss)
    boss.goto(f"{live_server}/admin/users/epb1")
    assert "您沒有執行此操作的權限" in boss.locator("main").inner_text()
    assert latin_words(boss, {"pwb1", "pwb2", "pwbboss"}) == set()
