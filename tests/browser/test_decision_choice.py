"""The supervisor's extension decision is a choice between 核准 and 不核准 with
nothing chosen beforehand: pressing 送出決定 without choosing is refused beside
the field; choosing 核准 shows the working days; the page then says what was
decided."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser


@pytest.fixture
def case(live_server, db, clock):
    """A street-light letter registered and waiting at PWB's `handle`: (number, task id)."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    ref = rt.start_case("petition", {"title": "鼓山區路燈不亮"}, actor=CLERK,
                        petitioner_info={"name": "王小明", "email": "ming@example.tw"})
    with db.connect() as conn:
        reg = ready_task(conn, ref["id"], "register")
    rt.claim(reg.id, CLERK)
    rt.complete(reg.id, CLERK, registration(subject="鼓山區路燈不亮"))
    with db.connect() as conn:
        return ref["number"], ready_task(conn, ref["id"], "handle").id


def ask_extension(page, live_server, task_id):
    page.goto(f"{live_server}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    page.select_option("#f-handling_action", "extension")
    page.fill("#f-extension_reason", "路燈電纜需台電配合更換，須會同廠商現場會勘。")
    page.fill("#f-extension_days", "5")
    page.locator("form[action$='/complete'] button[type=submit]").click()
    page.wait_for_load_state()


def test_the_supervisor_must_choose_and_reads_what_was_decided(
        login, live_server, case, shot, accessible):
    number, task_id = case
    ask_extension(login("pwb1"), live_server, task_id)

    boss = login("pwbboss")
    boss.goto(f"{live_server}/decisions")
    boss.locator("#decisions tbody tr", has_text=number).locator("a:has-text('核決')").click()
    boss.wait_for_selector("#decide-h")
    decision = boss.locator("fieldset.decision")
    assert decision.locator("legend").inner_text().startswith("是否核准展期")
    expect(boss.get_by_label("核准", exact=True)).not_to_be_checked()
    expect(boss.get_by_label("不核准", exact=True)).not_to_be_checked()
    expect(boss.locator("#f-extension_days")).to_be_hidden()   # nothing chosen: no days yet
    accessible(boss)
    shot(boss, "decision-choice-1-nothing-chosen")

    boss.click("button:has-text('送出決定')")
    boss.wait_for_selector(".field-error")
    beside = boss.locator("[data-field=extension_approved] .field-error")
    assert beside.inner_text() == "請選擇「核准」或「不核准」。"
    expect(boss.get_by_label("核准", exact=True)).not_to_be_checked()   # still no answer
    accessible(boss)
    shot(boss, "decision-choice-2-refused")

    boss.get_by_label("核准", exact=True).check()
    expect(boss.locator("#f-extension_days")).to_be_visible()
    boss.fill("#f-extension_days", "5")
    shot(boss, "decision-choice-3-approve")
    boss.click("button:has-text('送出決定')")
    boss.wait_for_selector("#decisions")
    flash = boss.locator(".flash").inner_text()
    assert f"已送出您對 {number} 的決定" in flash and "已決定「核准」（是否核准展期）" in flash
    accessible(boss)
    shot(boss, "decision-choice-4-decided")
