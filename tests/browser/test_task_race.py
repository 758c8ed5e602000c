"""Two officers of 工務局 open the same petition at once (two browsers):
the first to press 領取 has it, the other reads in Chinese who has it; and an
officer whose task was completed meanwhile (another tab, a colleague) reads
who completed it and when, and that his form was not sent: never the
engine's English, and the first one's reply stays as it was."""
import re

import pytest
from playwright.sync_api import expect

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser


@pytest.fixture
def street_light(live_server, db, clock):
    """A street-light petition at PWB's 'handle', nobody's yet; pwb1 and pwb2 named."""
    from sqlalchemy import update

    from engine.cases.runtime import Engine
    from engine.data.schema import app_user
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    with db.begin() as conn:
        for username, name in (("pwb1", "林雅婷"), ("pwb2", "陳志明")):
            conn.execute(update(app_user).where(app_user.c.username == username)
                         .values(display_name=name))
    ref = rt.start_case("petition", {"title": "路燈不亮"}, petitioner_info={"name": "王小明"})
    with db.connect() as conn:
        reg = ready_task(conn, ref["id"], "register")
    rt.complete(reg.id, CLERK, registration())
    with db.connect() as conn:
        return ready_task(conn, ref["id"], "handle").id


def _reply(page, text):
    page.select_option("#f-handling_action", "reply")
    page.fill("#f-reply_text", text)
    page.fill("#f-legal_basis", "高雄市道路挖掘管理自治條例")


def test_two_officers_claim_at_once_one_wins(login, live_server, street_light, accessible, shot):
    lin, chen = login("pwb1"), login("pwb2")
    for page in (lin, chen):
        page.goto(f"{live_server}/tasks/{street_light}")
    lin.click("button:has-text('領取')")
    expect(lin.locator("#f-handling_action")).to_be_visible()
    chen.click("button:has-text('領取')")
    flash = chen.locator(".flash.error")
    expect(flash).to_have_text("未完成：林雅婷 已先領取此工作，目前由其承辦。")
    assert not re.search(r"[A-Za-z]{3,}", flash.inner_text())
    expect(chen.locator("#f-handling_action")).to_have_count(0)   # not his to fill
    accessible(chen)
    shot(chen, "task-race-01-claimed-first")


def test_a_form_sent_after_the_task_was_completed_says_by_whom(login, browser, live_server,
                                                                street_light, accessible, shot):
    lin = login("pwb1")
    lin.goto(f"{live_server}/tasks/{street_light}")
    lin.click("button:has-text('領取')")
    # The same task in a second window, signed in as he is.
    stale = browser.new_context(storage_state=lin.context.storage_state(), locale="zh-TW",
                                viewport={"width": 1280, "height": 900}).new_page()
    stale.goto(f"{live_server}/tasks/{street_light}")
    _reply(lin, "已派員於3月3日修復路燈。")
    lin.click("button.primary:has-text('完成')")
    expect(lin.locator(".flash.success")).to_contain_text("工作已完成")
    stale.select_option("#f-handling_action", "extension")
    stale.fill("#f-extension_reason", "需會同台電會勘")
    stale.fill("#f-extension_days", "5")
    stale.click("button.primary:has-text('完成')")
    flash = stale.locator(".flash.error")
    expect(flash).to_have_text(re.compile(
        r"^未完成：您已於民國115年3月2日 09:00 辦結此工作（在另一個視窗或分頁），這次填寫的內容未送出。$"))
    # The reply that was sent first is the case's reply: nothing of it lost.
    expect(stale.locator("main")).to_contain_text("已派員於3月3日修復路燈。")
    accessible(stale)
    shot(stale, "task-race-02-completed-meanwhile")


def test_a_colleague_completed_it_first(login, live_server, street_light, db, clock):
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    lin = login("pwb1")
    lin.goto(f"{live_server}/tasks/{street_light}")
    lin.click("button:has-text('領取')")
    _reply(lin, "已派員修復。")
    # His supervisor sends it back to the queue and 陳志明 replies first.
    rt, chen = Engine(db, clock), Actor("pwb2", "PWB", frozenset({"officer"}))
    from engine.cases import assignment
    assignment.return_to_queue(rt, street_light, Actor("pwbboss", "PWB", frozenset({"supervisor"})))
    rt.claim(street_light, chen)
    rt.complete(street_light, chen, {"handling_action": "reply", "reply_text": "路燈已修復。",
                                     "legal_basis": "道路管理自治條例", "remedy": "none"})
    lin.click("button.primary:has-text('完成')")
    expect(lin.locator(".flash.error")).to_have_text(
        "未完成：已由他人處理：陳志明 已於 民國115年3月2日 09:00 辦結。這次填寫的內容未送出。")
