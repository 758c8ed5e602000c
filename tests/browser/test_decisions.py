"""An officer asks for an extension (展期) through the handling form; the
supervisor sees the count in the navigation, opens “waiting for my decision”,
reads what the case is about (the petitioner's subject and words), the reason
and the proposed deadline and approves; the officer's task then shows the new
due date. A supervisor who asked themselves cannot decide.

Received Monday 2026-03-02 09:00: PWB's `handle` is due Tuesday 03-10; five
working days more is Tuesday 03-17.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser

REASON = "路燈電纜需台電配合更換，須會同廠商現場會勘。"
# The first petitioner's words: longer than the list shows, on three lines.
WORDS = ("鼓山區某路段路燈故障三天，入夜後整條巷子一片漆黑。\n"
         + "附近住戶多為長者，晚間外出就醫或散步都要摸黑，已有人在路口跌倒受傷。" * 3
         + "\n請儘速派員修復，並檢查同一路段其他路燈。")


@pytest.fixture
def cases(live_server, db, clock):
    """Two street-light letters registered, each at PWB's `handle`: {number: task id}."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    out = {}
    for title, words in (("鼓山區路燈不亮", WORDS), ("左營區路燈閃爍", "路燈忽明忽暗")):
        ref = rt.start_case("petition", {"title": title}, actor=CLERK,
                            petitioner_info={"name": "王小明", "email": "ming@example.tw"})
        with db.connect() as conn:
            reg = ready_task(conn, ref["id"], "register")
        rt.claim(reg.id, CLERK)
        rt.complete(reg.id, CLERK, registration(subject=title, content=words))
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
    # What the case is about, without opening it: the subject, the category and
    # the start of the petitioner's words; never who the petitioner is.
    first_line = WORDS.split("\n")[0]
    expect(row.locator(".about-subject")).to_have_text("鼓山區路燈不亮")
    assert "類別：路燈故障" in row.inner_text() and first_line in row.inner_text()
    assert "王小明" not in boss.content()
    whole = row.locator(".about-whole")
    expect(whole).to_be_hidden()                         # the rest a click away
    shot(boss, "decisions-2-list")
    accessible(boss)
    row.locator("summary:has-text('顯示全文')").click()
    expect(whole).to_be_visible()
    assert whole.inner_text().strip() == WORDS          # whole, its line breaks kept
    assert whole.evaluate("e => getComputedStyle(e).whiteSpace") == "pre-wrap"
    shot(boss, "decisions-2-list-whole-words")
    accessible(boss)
    row.locator("summary:has-text('收合')").click()
    expect(whole).to_be_hidden()
    boss.set_viewport_size({"width": 390, "height": 844})   # a phone: one card per request
    assert REASON in row.inner_text()
    shot(boss, "decisions-2-list-phone")
    boss.set_viewport_size({"width": 1280, "height": 900})
    row.locator("a:has-text('核決')").click()
    boss.wait_for_selector("#decide-h")
    assert REASON in boss.content() and boss.input_value("#f-extension_days") == "5"
    assert boss.locator(".about-whole").inner_text().strip() == WORDS   # and on the decision
    accessible(boss)
    boss.check("#f-extension_approved-true")   # a decision is a choice of two (核准 / 不核准)
    shot(boss, "decisions-3-decide")
    boss.click("button:has-text('送出決定')")
    boss.wait_for_selector("#decisions")
    assert f"已送出您對 {number} 的決定" in boss.locator(".flash").inner_text()
    assert boss.locator("header nav a[href='/decisions'] .badge").inner_text() == "0"
    accessible(boss)

    officer.goto(f"{live_server}/inbox?view=mine")   # his again (keep_with), not the queue's
    officer.locator("tr", has_text=number).locator("a[href^='/tasks/']").first.click()
    officer.wait_for_selector("#task-h")
    assert "民國115年3月17日" in officer.content()
    expect(officer.locator("#complete-h")).to_be_visible()   # no need to claim it again
    # Why it is his already, and its deadline the extended one.
    expect(officer.locator("#task-kept")).to_have_text(
        "您先前辦理此步驟，「主管核准展期」完成後，系統已將本工作交還給您，毋須再領取。")
    assert "(已展期)" in officer.locator(".task-work dl.summary").inner_text()
    shot(officer, "decisions-4-officer-new-due")
    accessible(officer)
    officer.goto(f"{live_server}/cases/{number}")   # the system gave it back: no claim of his
    entry = officer.locator(".timeline li", has_text="交還原承辦人")
    expect(entry).to_contain_text("辦理並擬復")
    expect(entry).to_contain_text("「主管核准展期」完成後，由系統交還先前辦理此步驟的承辦人")
    shot(officer, "decisions-4-officer-timeline")


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
