"""Walking a phone petition from the clerk to the officer, as a first-day
officer reads it: the people are named as colleagues know them (not by
their account codes), the transfer list names agencies (not their codes)
and the case page's diagram speaks the reader's language only."""
from __future__ import annotations

import pytest
from sqlalchemy import select, update

from webtest_support import CLERK

pytestmark = pytest.mark.browser

CLERK_NAME, OFFICER_NAME = "收文陳小姐", "工務局林承辦"
CONTENT = "建工路與大順路口的路燈已經三天沒亮，晚上很暗。"


@pytest.fixture
def petition(live_server, db, clock):
    """A phone petition registered and read back by the clerk, now at PWB's
    'handle'; the clerk and pwb1 carry display names."""
    from engine.cases.runtime import Engine
    from engine.data.schema import app_user, task
    with db.begin() as conn:
        for username, name in (("clerk", CLERK_NAME), ("pwb1", OFFICER_NAME)):
            conn.execute(update(app_user).where(app_user.c.username == username)
                         .values(display_name=name))
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {"title": "三民區路燈不亮"}, actor=CLERK,
                        petitioner_info={"name": "李大同", "phone": "07-3456789"})

    def work(element, form):
        with db.connect() as conn:
            row = conn.execute(select(task).where(task.c.case_id == ref["id"],
                                                  task.c.element_id == element,
                                                  task.c.state == "ready")).first()
        rt.claim(row.id, CLERK)
        rt.complete(row.id, CLERK, form)

    work("register", dict(channel="phone", subject="三民區路燈不亮", content=CONTENT,
                          category="street_light", district="D-SANMIN", language="zh_TW",
                          confidential=False, art173_ground="none"))
    work("read_back", {"read_back_text": "陳情人於電話中表示路燈三天未亮。",
                       "read_back_confirmed": True})
    return ref["number"]


def test_the_officer_reads_names_not_account_codes(login, live_server, petition, shot, accessible):
    page = login("pwb1")
    page.click("a:has-text('機關待領')")
    page.locator("main table tr", has_text=petition).locator("a:has-text('辦理並擬復')").click()
    page.click("button:has-text('領取')")
    work = page.locator(".task-work")
    assert f"由 {OFFICER_NAME} 承辦" in work.inner_text()
    assert "pwb1" not in work.inner_text()

    page.select_option("#f-handling_action", "transfer")
    options = page.locator("#f-competent_agency option").all_inner_texts()
    assert "三民區公所" in options and "消防局" in options
    assert not [o for o in options if "D-SANMIN" in o or "FIRE" in o]   # names, not codes
    page.click(".cp-timeline summary")
    timeline = page.locator(".cp-timeline").inner_text()
    assert CLERK_NAME in timeline and OFFICER_NAME in timeline
    assert "clerk" not in timeline and "pwb1" not in timeline
    accessible(page)
    shot(page, "walk-task-names")


def test_finishing_a_task_says_where_the_case_went(login, live_server, petition, shot, accessible):
    page = login("pwb1")
    page.click("a:has-text('機關待領')")
    page.locator("main table tr", has_text=petition).locator("a:has-text('辦理並擬復')").click()
    page.click("button:has-text('領取')")
    page.select_option("#f-handling_action", "transfer")
    page.select_option("#f-competent_agency", label="三民區公所")
    page.fill("#f-transfer_reason", "路燈屬區公所養護。")
    page.click(".task-work button.primary")
    told = page.locator(".flash.success").first.inner_text()
    assert f"工作已完成。案件 {petition} 下一步：" in told and "（三民區公所）" in told
    accessible(page)
    shot(page, "walk-task-done-next-step")


def test_the_case_page_names_people_and_draws_the_diagram_in_chinese(
        login, live_server, petition, shot, accessible):
    page = login("pwb1")
    page.fill("header input[name=number]", petition)
    page.press("header input[name=number]", "Enter")
    page.wait_for_selector("#diagram svg .djs-element")
    tasks = page.locator(".case-side").inner_text()
    assert CLERK_NAME in tasks and "clerk" not in tasks
    drawn = page.locator("#diagram svg[data-element-id]").text_content()
    assert "登記陳情" in drawn and "作成紀錄並向陳情人宣讀" in drawn
    assert "Register petition" not in drawn and "Read back the record" not in drawn
    accessible(page)
    shot(page, "walk-case-page-diagram")


def test_a_diagram_that_cannot_load_says_so_in_chinese(login, live_server, petition):
    page = login("pwb1")
    page.route("**/diagram.bpmn", lambda route: route.fulfill(status=500, body=""))
    page.goto(f"{live_server}/cases/{petition}")
    # A function, not an expression: Playwright re-evaluates an expression
    # string on every poll, which the page's CSP (no 'unsafe-eval') refuses.
    page.wait_for_function("() => document.getElementById('diagram').textContent.includes('流程圖無法顯示')")
    assert "unavailable" not in page.inner_text("#diagram")
