"""補正 for a petitioner with only a phone, end to end: 林雅婷 (pwb1) asks; the
task page's box says at once to phone the petitioner (請以電話通知陳情人補正 and
the number), she records the call with one click; the petitioner answers on the
status page; her inbox row says 已補正, the task page shows the answer at its
top, and back in the inbox the mark is gone. axe-core on every page."""
from datetime import datetime

import pytest
from playwright.sync_api import expect

from engine.cases.runtime import Engine
from engine.time.calendar import TAIPEI
from webapp import petitions
from webtest_support import CLERK, ready_task, registration

pytestmark = pytest.mark.browser
ASKED = "請補正故障路燈的電桿編號（貼在電桿上的白色牌子）"
ANSWER = "電桿編號 K-1234，在鼓山一路口第二支。"
PHONE_NO = "07-3368333"


@pytest.fixture
def phoned_petition(db, clock):
    """A street-light petition from 林阿嬤, who left only a phone number."""
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(), actor=CLERK, person={
        "name": "林阿嬤", "phone": PHONE_NO}, received_at=clock.now())
    reg = ready_task(rt, receipt.case_id, "register")
    rt.complete(reg.id, CLERK, registration())
    return receipt, rt


def _ask_and_phone(page, base, task_id, clock, shot, accessible):
    page.goto(f"{base}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    page.fill("#supplement-request", ASKED)
    page.click("#supplement button[type=submit]")
    flash = page.locator(".flash.success")   # said once: the box below gives the number
    expect(flash).to_contain_text("已請陳情人補正")
    expect(flash).not_to_contain_text(PHONE_NO)
    box = page.locator("#supplement-phone")
    expect(box).to_contain_text("請以電話通知陳情人補正")
    expect(box.locator("#supplement-phone-number")).to_have_text(PHONE_NO)
    accessible(page)
    shot(page, "supplement-phone-01-asked")
    clock.set(datetime(2026, 3, 4, 10, 15, tzinfo=TAIPEI))
    box.locator("button:has-text('已致電通知陳情人')").click()
    expect(page.locator(".flash.success")).to_contain_text("已記錄致電通知陳情人")
    expect(page.locator("#supplement-called")).to_contain_text("已致電")
    expect(page.locator("#supplement-called")).to_contain_text("民國115年3月4日 10:15")
    expect(page.locator("#supplement-phone button")).to_have_count(0)
    accessible(page)
    shot(page, "supplement-phone-02-called")


def _citizen_answers(browser, base, receipt):
    page = browser.new_page(locale="zh-TW")
    page.goto(f"{base}/public/status")
    page.fill("#number", receipt.number)
    page.fill("#password", receipt.password)
    page.click("button:has-text('查詢')")
    page.fill("#supplement-answer", ANSWER)
    page.click("button:has-text('送出補正')")
    expect(page.locator(".flash.success")).to_contain_text("已收到您的補正")
    page.close()


def test_phone_only_petitioner_called_answers_and_the_inbox_says_supplemented(
        login, browser, live_server, phoned_petition, clock, shot, accessible):
    receipt, rt = phoned_petition
    handle = ready_task(rt, receipt.case_id, "handle")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    page = login("pwb1")
    _ask_and_phone(page, live_server, handle.id, clock, shot, accessible)
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))
    _citizen_answers(browser, live_server, receipt)

    page.goto(f"{live_server}/inbox")
    row = page.locator(f"tr[data-case='{receipt.number}']")
    expect(row.locator(".status.supplemented")).to_have_text("已補正")
    expect(row.locator(".status.waiting")).to_have_count(0)
    accessible(page)
    shot(page, "supplement-phone-03-inbox-supplemented")

    row.locator("td.task a").click()
    top = page.locator("#supplement-answer")
    expect(top).to_contain_text("陳情人已補正")
    expect(top.locator(".status.supplemented")).to_have_text("已補正")
    expect(top.locator("#supplement-answer-text")).to_have_text(ANSWER)
    assert top.bounding_box()["y"] < page.locator("#task-h").bounding_box()["y"]
    accessible(page)
    shot(page, "supplement-phone-04-task-answer-on-top")

    page.goto(f"{live_server}/inbox")
    expect(page.locator(f"tr[data-case='{receipt.number}'] .status.supplemented")).to_have_count(0)
    shot(page, "supplement-phone-05-inbox-mark-gone")
