"""已補正 stays with the agency responsible for the case after its step moved
on, in the browser.

林雅婷 (pwb1) asks the petitioner to complete a street-light petition and,
while it waits, transfers it to the transportation bureau (改分). The
bureau's officer (trb1) asks for an extension on the handling form: the
step is now the bureau supervisor's (主管核准展期). The petitioner answers.
The supervisor (trbsup) finds the row marked 已補正 in her queue, reads the
answer at the top of the task page; back in the queue the mark is gone.
axe-core on the pages shown."""
from datetime import datetime

import pytest
from playwright.sync_api import expect

from engine.cases import supplements
from engine.time.calendar import TAIPEI
from webapp import users
from webtest_support import PASSWORD

from .test_supplement_transfer_mark import ANSWER, ASKED, _ask_then_transfer, at_pwb  # noqa: F401

pytestmark = pytest.mark.browser


def _ask_for_an_extension(page, base, case_number):
    page.goto(f"{base}/inbox?view=queue")
    page.locator(f"tr[data-case='{case_number}'] td.task a").click()
    page.click("button:has-text('領取')")
    page.select_option("#f-handling_action", "extension")
    page.fill("#f-extension_reason", "需會同台電現場會勘")
    page.fill("#f-extension_days", "5")
    page.get_by_role("button", name="完成", exact=True).click()
    expect(page.locator(".flash.success")).to_be_visible()


def test_the_bureau_supervisor_sees_the_answer_after_the_step_moved_on(
        login, live_server, db, at_pwb, clock, shot, accessible):
    rt, receipt, handle = at_pwb
    with db.begin() as conn:
        users.add_user(conn, "trbsup", "TRB", ["supervisor"], PASSWORD)
    _ask_then_transfer(login("pwb1"), live_server, handle, shot, accessible)
    _ask_for_an_extension(login("trb1"), live_server, receipt.number)
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    rt.answer_supplement(receipt.case_id, supplements.PETITIONER, ANSWER)

    sup = login("trbsup")
    sup.goto(f"{live_server}/inbox?view=queue")
    row = sup.locator(f"tr[data-case='{receipt.number}']")
    expect(row.locator("td.task")).to_contain_text("主管核准展期")
    expect(row.locator(".status.supplemented")).to_have_text("已補正")
    accessible(sup)
    shot(sup, "supplement-extension-01-supervisor-queue-marked")
    row.locator("td.task a").click()
    answer = sup.locator("#supplement-answer")
    expect(answer).to_contain_text(ANSWER)
    expect(answer).to_contain_text(ASKED)
    accessible(sup)
    shot(sup, "supplement-extension-02-supervisor-reads-answer")
    sup.goto(f"{live_server}/inbox?view=queue")
    expect(row.locator(".status.supplemented")).to_have_count(0)
    shot(sup, "supplement-extension-03-supervisor-queue-mark-gone")
