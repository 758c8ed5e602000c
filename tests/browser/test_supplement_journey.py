"""補正 end to end: 林雅婷 (pwb1) asks the petitioner to complete a street-light
petition (an empty request is refused beside the field), the task page says
the case waits and the deadline is paused; the citizen reads 請補正 on the
status page on her phone and sends the pole number with a photo; the officer
then reads the answer beside the task and the deadline moved by the working
days the case waited. axe-core on every page."""
from datetime import datetime

import pytest
from playwright.sync_api import expect

from engine.cases.runtime import Engine
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc
from webapp import petitions
from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ASKED = "請補正故障路燈的電桿編號（貼在電桿上的白色牌子）"
ANSWER = "電桿編號 K-1234，在鼓山一路口第二支。"
# What the server checks of a photo is its first bytes (webapp/attachments.py).
PHOTO = {"name": "電桿.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + bytes(64)}


@pytest.fixture
def petition(db, clock):
    """A street-light letter registered Mon 115/03/02, now at PWB's handle: its receipt."""
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(), actor=CLERK, person={
        "name": "王小明", "email": "ming@example.tw"}, received_at=clock.now())
    reg = ready_task(rt, receipt.case_id, "register")
    rt.complete(reg.id, CLERK, registration())
    return receipt, rt


def _officer_asks(page, base, task_id, shot, accessible):
    page.goto(f"{base}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    expect(page.locator("#supplement-h")).to_have_text("請陳情人補正")
    page.click("#supplement button[type=submit]")
    expect(page.locator("#supplement-request-err")).to_contain_text("必填")
    accessible(page)
    shot(page, "supplement-01-empty-request")
    page.fill("#supplement-request", ASKED)
    page.click("#supplement button[type=submit]")
    expect(page.locator("#supplement-h")).to_contain_text("等待陳情人補正")
    assert "已請陳情人補正" in page.inner_text(".flash.success")
    assert "民國115年3月4日" in page.inner_text("#supplement-since")
    assert page.inner_text("#supplement-request").strip() == ASKED
    expect(page.locator(".task-work .summary >> text=待補正，暫停計算")).to_be_visible()
    accessible(page)
    shot(page, "supplement-02-waiting")


def _citizen_supplements(browser, base, receipt, shot, accessible):
    page = browser.new_page(viewport=PHONE, locale="zh-TW")
    page.goto(f"{base}/public/status")
    page.fill("#number", receipt.number)
    page.fill("#password", receipt.password)
    page.click("button:has-text('查詢')")
    expect(page.locator("#supplement-request")).to_have_text(f"請補正：{ASKED}")
    assert "等待您補正" in page.inner_text("#case-status")
    assert "暫停計算" in page.inner_text("#reply-due")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)
    shot(page, "supplement-03-citizen-asked")
    page.fill("#supplement-answer", ANSWER)
    page.set_input_files("#supplement-files", PHOTO)
    page.click("button:has-text('送出補正')")
    expect(page.locator(".flash.success")).to_contain_text("已收到您的補正")
    expect(page.locator("#supplement")).to_have_count(0)
    assert "處理中" in page.inner_text("#case-status") and "電桿.png" in page.content()
    accessible(page)
    shot(page, "supplement-04-citizen-sent")


def _inbox_and_board_say_paused(page, login, base, receipt, shot, accessible):
    """The officer's inbox row says 待補正 where 逾期 would be; the supervisor's
    board counts the case as 待補正, not due within 2 working days, and the
    figure opens the list of that case."""
    page.goto(f"{base}/inbox")
    row = page.locator(f"tr[data-case='{receipt.number}']")
    expect(row.locator(".status.waiting")).to_have_text("待補正")
    expect(row.locator(".status.overdue")).to_have_count(0)
    accessible(page)
    shot(page, "supplement-02b-inbox-paused")
    boss = login("pwbboss")
    boss.goto(f"{base}/board/?agency=PWB")
    pwb = boss.locator("#board-table tr[data-agency='PWB']")
    expect(pwb.locator("[data-figure=paused]")).to_have_text("1")
    expect(pwb.locator("[data-figure=due_soon]")).to_have_text("0")
    expect(boss.locator("#board-table thead")).to_contain_text("待補正")
    accessible(boss)
    shot(boss, "supplement-02c-board-paused")
    pwb.locator("a[data-figure=paused]").click()
    expect(boss.locator("h1")).to_contain_text("待補正")
    listed = boss.locator(f"#drill-table tr[data-case='{receipt.number}']")
    expect(listed.locator(".status.waiting")).to_have_text("待補正")
    accessible(boss)
    boss.close()


def test_officer_asks_citizen_supplements_officer_reads_the_answer(
        login, browser, live_server, petition, clock, shot, accessible):
    receipt, rt = petition
    handle = ready_task(rt, receipt.case_id, "handle")
    due_before = handle.due_at
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))          # Wed: asked
    page = login("pwb1")
    _officer_asks(page, live_server, handle.id, shot, accessible)
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))          # Mon: due Tue, but paused
    _inbox_and_board_say_paused(page, login, live_server, receipt, shot, accessible)
    _citizen_supplements(browser, live_server, receipt, shot, accessible)
    page.goto(f"{live_server}/tasks/{handle.id}")
    answers = page.locator("#cp-supplements")
    expect(answers).to_contain_text(ANSWER)
    expect(answers).to_contain_text("由陳情人送出")
    moved = as_utc(ready_task(rt, receipt.case_id, "handle").due_at).astimezone(TAIPEI)
    assert (moved - as_utc(due_before)).days == 3          # Thu, Fri, Mon stood still
    due_shown = page.locator(".task-work .summary dd").nth(1).inner_text()
    assert f"民國115年{moved.month}月{moved.day}日" in due_shown
    assert "暫停" not in due_shown
    expect(page.locator("#supplement-h")).to_have_text("請陳情人補正")   # may ask again
    accessible(page)
    shot(page, "supplement-05-officer-reads-answer")
