"""An officer asks for an extension (展期) through the handling form; the
supervisor sees the count in the navigation, opens “waiting for my decision”,
reads the reason and the proposed deadline and approves; the officer's task
then shows the new due date. A supervisor who asked themselves cannot decide.

Received Monday 2026-03-02 09:00: PWB's `handle` is due Tuesday 03-10; five
working days more is Tuesday 03-17.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser

REASON = "路燈電纜需台電配合更換，須會同廠商現場會勘。"


@pytest.fixture
def cases(live_server, db, clock):
    """Two street-light letters registered, each at PWB's `handle`: {number: task id}."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    out = {}
    for title in ("鼓山區路燈不亮", "左營區路燈閃爍"):
        ref = rt.start_case("petition", {"title": title}, actor=CLERK,
                            petitioner_info={"name": "王小明", "email": "ming@example.tw"})
        with db.connect() as conn:
            reg = ready_task(conn, ref["id"], "register")
        rt.claim(reg.id, CLERK)
        rt.complete(reg.id, CLERK, registration(subject=title))
        with db.connect() as conn:
            out[ref["number"]] = ready_task(conn, ref["id"], "handle").id
    return out


def ask_extension(page, live_server, task_id, days="5"):
    page.goto(f"{live_server}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    page.select_option("#f-handling_action", "extension")
    page.fill("#f-extension_reason", REASON)
    page.fill("#f-extension_days", days)


def submit_task(page):
    page.locator("form[action$='/complete'] button[type=submit]").click()
    page.wait_for_load_state()


def test_officer_asks_supervisor_decides_from_the_list(login, live_server, cases, shot,
                                                       accessible):
    number, task_id = next(iter(cases.items()))
    officer = login("pwb1")
    assert "待我核決" not in officer.locator("header nav").inner_text()   # officers decide nothing
    ask_extension(officer, live_server, task_id, days="200")
    submit_task(officer)                      # months: the engine refuses, beside the field
    assert "不得大於 30" in officer.locator("[data-field=extension_days]").inner_text()
    accessible(officer)
    officer.fill("#f-extension_days", "5")
    shot(officer, "decisions-1-officer-asks")
    submit_task(officer)
    assert "已完成" in officer.content() or "完成" in officer.locator(".flash").inner_text()

    boss = login("pwbboss")
    nav = boss.locator("header nav a[href='/decisions']")
    assert "待我核決" in nav.inner_text() and nav.locator(".badge").inner_text() == "1"
    accessible(boss)
    nav.click()
    boss.wait_for_selector("#decisions")
    row = boss.locator("#decisions tbody tr", has_text=number)
    for seen in (REASON, "pwb1", "主管核准展期", "工務局", "原期限"):
        assert seen in row.inner_text(), seen
    assert "115" in row.inner_text() and "17" in row.inner_text()   # proposed: 03-17
    shot(boss, "decisions-2-list")
    accessible(boss)
    boss.set_viewport_size({"width": 390, "height": 844})   # a phone: one card per request
    assert REASON in row.inner_text()
    shot(boss, "decisions-2-list-phone")
    boss.set_viewport_size({"width": 1280, "height": 900})
    row.locator("a:has-text('核決')").click()
    boss.wait_for_selector("#decide-h")
    assert REASON in boss.content() and boss.input_value("#f-extension_days") == "5"
    accessible(boss)
    boss.check("#f-extension_approved-true")   # a decision is a choice of two (核准 / 不核准)
    shot(boss, "decisions-3-decide")
    boss.click("button:has-text('送出決定')")
    boss.wait_for_selector("#decisions")
    assert f"已送出您對 {number} 的決定" in boss.locator(".flash").inner_text()
    assert boss.locator("header nav a[href='/decisions'] .badge").inner_text() == "0"
    accessible(boss)

    officer.goto(f"{live_server}/inbox?view=queue")
    officer.locator("tr", has_text=number).locator("a[href^='/tasks/']").first.click()
    officer.wait_for_selector("#task-h")
    assert "民國115年3月17日" in officer.content()
    shot(officer, "decisions-4-officer-new-due")
    accessible(officer)


def test_a_supervisor_cannot_decide_their_own_request(login, live_server, cases, db, shot,
                                                      accessible):
    from sqlalchemy import select
    from engine.data.schema import task
    number, task_id = list(cases.items())[1]
    boss = login("pwbboss")        # the supervisor handles the case themselves
    ask_extension(boss, live_server, task_id)
    submit_task(boss)
    boss.goto(f"{live_server}/decisions")
    row = boss.locator("#decisions tbody tr", has_text=number)
    assert "這是您本人提出的申請，須由其他主管核決" in row.inner_text()
    expect(row.locator("a:has-text('核決')")).to_have_count(0)
    assert boss.locator("header nav a[href='/decisions'] .badge").inner_text() == "0"
    accessible(boss)
    shot(boss, "decisions-5-own-request")
    with db.connect() as conn:
        approve_id = conn.execute(select(task.c.id).where(
            task.c.element_id == "approve_extension", task.c.state == "ready")).scalar_one()
    boss.goto(f"{live_server}/decisions/{approve_id}")
    assert "不能自己核決" in boss.locator("[role=alert]").inner_text()
    expect(boss.locator("#f-extension_days")).to_have_count(0)
    accessible(boss)
    boss.goto(f"{live_server}/tasks/{approve_id}")   # nor through the task page
    boss.click("button:has-text('領取')")
    assert "不能自己核決" in boss.locator(".flash.error").inner_text()
    shot(boss, "decisions-6-own-request-refused")
    accessible(boss)
