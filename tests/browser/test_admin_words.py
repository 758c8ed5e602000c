"""Every administration page in the administrator's words: names, never the
codes, element ids, process keys or English words the system keeps (a code
only in its own labelled column where the administrator types it)."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import outbox, task, timer
from engine.demo.bookings import load_resources
from webtest_support import USERS

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
PAGES = ("", "users", "agencies", "calendar", "timers", "outbox", "tokens", "resources",
         "audit", "resources/RBK-2101", "users/pwb1", "agencies/PWB")
ALLOWED = {"API", "REST", "Open", "CSV", "SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD",
           "SMTP_STARTTLS", "MAIL_FROM"}
ACCOUNTS = {re.sub(r"\d", "", u) for u in USERS} | {"doa"}
PWB = Actor("pwb1", "PWB", frozenset({"officer"}))


@pytest.fixture
def busy(live_server, db, clock):
    """A booked car, a waiting notice, a failed timer and an API token."""
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    load_resources(db)
    ref = rt.start_case("vehicle_dispatch", {"title": "派車：四維－旗山"}, actor=PWB)
    with db.connect() as conn:
        request = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"])).scalar_one()
    rt.complete(request, PWB, {"route": "四維行政中心－旗山區公所", "purpose": "災後道路會勘",
                               "passengers": 3, "trip_start": "2026-03-12T09:00",
                               "trip_end": "2026-03-12T12:00"})
    rt.complete(_open(db, ref["id"], "assign_trip"), Actor("doa1", "DOA", frozenset({"officer"})),
                {"dispatch_decision": "assign", "car_id": "RBK-2101", "driver_id": "DRV-01"})
    with db.begin() as conn:
        conn.execute(insert(outbox).values(
            kind="reply", recipient="citizen@example.tw", subject="函復", body="…",
            dedupe_key="k1", status="pending", created_at=NOW, next_attempt_at=NOW))
        conn.execute(insert(timer).values(
            case_id=ref["id"], task_id="t-1", element_id="return_reminder_timer", due_at=NOW,
            state="failed", attempts=5, last_error="WorkflowTaskException: name 'x' is not defined"))
    return ref["number"]


def _open(db, case_id, element):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.element_id == element,
            task.c.state == "ready")).scalar_one()


def _words_left(page) -> set[str]:
    """Latin words on the page as a zh-TW administrator sees it, less those
    that are theirs to type or read as they are: account names and e-mail
    addresses (also in the buttons' spoken names), the codes in their own labelled
    column, the mail settings."""
    page.evaluate("""() => document.querySelectorAll(
        'td[data-label=帳號] , td[data-label=收件人], td[data-label=使用者], td[data-label=車牌號碼],'
        + ' td[data-label=駕駛編號], td[data-label=場地代碼], .secret, .sr-only, select#username').forEach(e => e.remove())""")
    text = re.sub(r"\b[A-Z]{3}-\d{4}\b", "", page.inner_text("main"))   # a car goes by its plate
    return set(re.findall(r"[A-Za-z_]{2,}", text)) - ALLOWED - ACCOUNTS


def test_each_admin_page_reads_in_names(busy, login, live_server, shot, accessible):
    page = login("admin")
    page.goto(f"{live_server}/admin/tokens")
    page.select_option("#username", "pwb1")
    page.fill("#label", "測試權杖")
    page.click("button:has-text('建立權杖')")
    for path in PAGES:
        page.goto(f"{live_server}/admin/{path}")
        accessible(page)
        shot(page, "admin-words-" + (path.replace("/", "-") or "home"))
        assert not re.search(r"\d{4}-\d{2}-\d{2}", page.inner_text("main")), path
        assert not _words_left(page), (path, _words_left(page))


def test_resources_name_first_the_code_in_its_own_column_and_the_trail_says_what_was_done(
        busy, login, live_server):
    page = login("admin")
    page.goto(f"{live_server}/admin/resources")
    car = page.locator("tr[data-resource=RBK-2101] td")
    assert car.nth(0).inner_text().strip() == "公務轎車（一）"
    assert car.nth(1).inner_text().strip() == "RBK-2101"
    assert page.locator("#resources-car th").nth(1).inner_text() == "車牌號碼"
    assert page.locator("tr[data-resource=SW-R1] td").nth(0).inner_text().strip() == "四維行政中心 第一會議室"
    page.goto(f"{live_server}/admin/resources/RBK-2101")
    assert page.locator("main p.hint").first.inner_text().startswith("車輛 · 車牌號碼：RBK-2101")
    page.goto(f"{live_server}/admin/agencies")
    assert page.locator("tr[data-agency=PWB] td").nth(0).inner_text().strip() == "工務局"
    page.goto(f"{live_server}/admin/audit")
    trail = page.inner_text("main")
    assert "流程步驟：預約車輛；已預約 RBK-2101 公務轎車（一），115/03/12 09:00–12:00" in trail
    assert "填寫內容：（派車決定：派車；車輛：RBK-2101 公務轎車（一）；駕駛：駕駛 陳建宏）" in trail
    assert "公務事由：災後道路會勘" in trail and "出發時間：民國115年3月12日 09:00 臺北時間" in trail
