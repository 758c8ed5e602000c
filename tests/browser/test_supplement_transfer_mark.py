"""已補正 follows a transfer (改分), in the browser.

林雅婷 (pwb1) asks the petitioner to complete a street-light petition, then,
while it waits, transfers it to the transportation bureau on the handling
form (改分權責機關). The petitioner answers. The bureau's officer (trb1)
finds the row marked 已補正 in the agency queue, opens it and reads the
answer at the top of the task page; back in the queue the mark is gone.
axe-core on the pages shown."""
from datetime import datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.cases import supplements
from engine.cases.runtime import Engine
from engine.data.schema import task
from engine.time.calendar import TAIPEI
from webapp import petitions, users
from webtest_support import CLERK, PASSWORD, ready_task, registration

pytestmark = pytest.mark.browser
ASKED = "請補正路燈的電桿編號"
ANSWER = "電桿編號 K-1234，在鼓山一路口第二支。"


@pytest.fixture
def at_pwb(db, clock):
    """A street-light petition at PWB's handling step; the bureau has trb1."""
    with db.begin() as conn:
        users.add_user(conn, "trb1", "TRB", ["officer"], PASSWORD)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(), actor=CLERK, person={
        "name": "林阿嬤", "email": "lin@example.tw"}, received_at=clock.now())
    rt.complete(ready_task(rt, receipt.case_id, "register").id, CLERK, registration())
    return rt, receipt, ready_task(rt, receipt.case_id, "handle").id


def _ask_then_transfer(page, base, task_id, shot, accessible):
    page.goto(f"{base}/tasks/{task_id}")
    page.click("button:has-text('領取')")
    page.fill("#supplement-request", ASKED)
    page.click("#supplement button[type=submit]")
    expect(page.locator(".flash.success")).to_contain_text("已請陳情人補正")
    page.select_option("#f-handling_action", "transfer")
    page.select_option("#f-competent_agency", "TRB")
    page.fill("#f-transfer_reason", "路燈屬交通號誌桿，非屬本局權責")
    accessible(page)
    shot(page, "supplement-transfer-01-pwb-transfers-while-waiting")
    page.get_by_role("button", name="完成", exact=True).click()   # not 補正完成
    expect(page.locator(".flash.success")).to_be_visible()


def test_the_competent_agencys_officer_sees_the_answer_and_clears_the_mark(
        login, live_server, db, at_pwb, clock, shot, accessible):
    rt, receipt, handle = at_pwb
    _ask_then_transfer(login("pwb1"), live_server, handle, shot, accessible)
    with db.connect() as conn:
        (moved,) = conn.execute(select(task.c.id, task.c.candidate_agency).where(
            task.c.case_id == receipt.case_id, task.c.state == "ready")).all()
    assert moved.candidate_agency == "TRB"
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    rt.answer_supplement(receipt.case_id, supplements.PETITIONER, ANSWER)

    trb = login("trb1")
    trb.goto(f"{live_server}/inbox?view=queue")
    row = trb.locator(f"tr[data-case='{receipt.number}']")
    expect(row.locator(".status.supplemented")).to_have_text("已補正")
    accessible(trb)
    shot(trb, "supplement-transfer-02-bureau-queue-marked")
    row.locator("td.task a").click()
    answer = trb.locator("#supplement-answer")
    expect(answer).to_contain_text(ANSWER)
    expect(answer).to_contain_text(ASKED)
    expect(answer.locator(".status.supplemented")).to_have_text("已補正")
    accessible(trb)
    shot(trb, "supplement-transfer-03-bureau-reads-answer")
    trb.goto(f"{live_server}/inbox?view=queue")
    expect(row).to_have_count(1)
    expect(row.locator(".status.supplemented")).to_have_count(0)
    shot(trb, "supplement-transfer-04-bureau-queue-mark-gone")
