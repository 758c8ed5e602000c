"""改分, in the browser: 工務局's officer transfers a street-light petition to
水利局, choosing it among the grouped agencies (局處 / 區公所 / 其他); the water
bureau's officer reads where the case came from and why on the case page
and beside the new task. axe-core on the pages shown."""
from datetime import datetime

import pytest
from playwright.sync_api import expect

from engine.cases.runtime import Engine
from engine.time.calendar import TAIPEI
from webapp import petitions, users
from webtest_support import CLERK, PASSWORD, ready_task, registration

pytestmark = pytest.mark.browser
REASON = "側溝排水屬水利局權責"
SAID = f"工務局 → 水利局（民國115年3月2日），理由：{REASON}"


@pytest.fixture
def at_pwb(db, clock):
    """A street-light petition at PWB's handling step; the water bureau has wrb1."""
    with db.begin() as conn:
        users.add_user(conn, "wrb1", "WRB", ["officer"], PASSWORD)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(), actor=CLERK, person={
        "name": "林阿嬤", "email": "lin@example.tw"}, received_at=clock.now())
    rt.complete(ready_task(rt, receipt.case_id, "register").id, CLERK, registration())
    return rt, receipt, ready_task(rt, receipt.case_id, "handle").id


def _transfer(page, base, task_id, accessible):
    page.goto(f"{base}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    page.select_option("#f-handling_action", "transfer")
    groups = page.locator("#f-competent_agency optgroup")
    expect(groups).to_have_count(3)
    assert [groups.nth(i).get_attribute("label") for i in range(3)] == ["局處", "區公所", "其他"]
    page.select_option("#f-competent_agency", label="水利局")
    page.fill("#f-transfer_reason", REASON)
    accessible(page)
    page.get_by_role("button", name="完成", exact=True).click()
    expect(page.locator(".flash.success")).to_be_visible()


def test_the_water_bureau_reads_where_the_case_came_from(login, live_server, at_pwb, shot,
                                                         accessible):
    rt, receipt, handle = at_pwb
    _transfer(login("pwb1"), live_server, handle, accessible)
    wrb = login("wrb1")
    wrb.goto(f"{live_server}/cases/{receipt.number}")
    facts = wrb.locator(".case-panel dd.cp-transfers")
    expect(facts).to_have_text(SAID)
    expect(wrb.locator(".cp-timeline")).to_contain_text(f"改分：{SAID}")   # open on the case page
    expect(wrb.locator("#tasks-h ~ .cp-table")).to_contain_text("民國115年3月2日 09:00")
    accessible(wrb)
    shot(wrb, "transfer-01-water-bureau-case-page")
    moved = ready_task(rt, receipt.case_id, "handle")
    assert moved.candidate_agency == "WRB"
    wrb.goto(f"{live_server}/tasks/{moved.id}")
    expect(wrb.locator(".case-panel dd.cp-transfers")).to_have_text(SAID)
    accessible(wrb)
    shot(wrb, "transfer-02-water-bureau-task-page")
