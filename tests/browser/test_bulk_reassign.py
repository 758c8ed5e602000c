"""An officer leaves: their supervisor moves all 30 of their open tasks to a
colleague from the inbox's whole-agency list, reads how many moved and to
whom, and the colleague finds them in their own inbox."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from engine.cases.actors import Actor

pytestmark = pytest.mark.browser


@pytest.fixture
def thirty_tasks(pwb1_holds):
    """30 street-light petitions at PWB's 'handle', all claimed by pwb1."""
    pwb1_holds(30)


def test_supervisor_moves_thirty_tasks_to_a_colleague(thirty_tasks, login, shot, accessible):
    page = login("pwbboss")
    page.get_by_role("link", name="整個機關").click()
    page.select_option("#filter-assignee", label="林雅婷")
    page.get_by_role("button", name="篩選").click()
    rows = page.locator("#inbox-table tbody tr")
    expect(rows).to_have_count(30)                     # waits for the filtered page
    assert page.locator("#inbox-table tbody").inner_text().count("林雅婷") == 30
    accessible(page)

    page.check("#pick-page")
    assert page.locator("#bulk-picked").inner_text() == "已勾選 30 件。"
    page.select_option("#bulk-action", label="改派給其他承辦人")
    page.get_by_role("button", name="執行").click()       # no officer chosen yet
    assert page.locator("#bulk-officer-err").inner_text() == "請選擇接手的承辦人。"
    assert page.locator("#bulk-officer").get_attribute("aria-invalid") == "true"
    expect(page.locator("input[name=task]:checked")).to_have_count(30)   # the ticks are kept
    shot(page, "bulk-reassign-missing-officer")
    accessible(page)

    page.select_option("#bulk-officer", label="陳志明")
    page.get_by_role("button", name="執行").click()
    # The run goes in batches (js/bulk-progress.js); the summary follows on the same page.
    expect(page.locator("#bulk-done")).to_have_text("30 件中已有 30 件改由 陳志明 辦理。")
    assert page.locator("h1").inner_text() == "批次處理結果"
    expect(page.get_by_text("勾選的項目全部處理完成。")).to_be_visible()
    shot(page, "bulk-reassign-summary")
    accessible(page)

    colleague = login("pwb2")
    colleague.get_by_role("link", name="我的工作").click()
    expect(colleague.locator("#inbox-table tbody tr")).to_have_count(30)
    assert "路燈不亮 30" in colleague.locator("#inbox-table").inner_text()
    shot(colleague, "bulk-reassign-colleague-inbox")
    accessible(colleague)


def test_a_task_finished_meanwhile_is_listed_not_overwritten(thirty_tasks, live_server, db, clock,
                                                             login, shot, accessible):
    """The supervisor's page is open while 林雅婷 finishes one task: the run
    returns the others to the queue and names that case, who and when."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    page = login("pwbboss")
    page.goto(f"{live_server}/inbox?view=team&assignee=pwb1&q=路燈不亮 1")   # 1, 10..19
    expect(page.locator("#inbox-table tbody tr")).to_have_count(11)
    page.check("#pick-page")
    page.select_option("#bulk-action", label="退回機關待辦")
    with db.connect() as conn:
        first = ready_task(conn, 1, "handle")
    clock.advance(hours=1)
    Engine(db, clock).complete(first.id, Actor("pwb1", "PWB", frozenset({"officer"})), {
        "handling_action": "reply", "reply_text": "已修復。", "legal_basis": "道路管理自治條例"})
    page.get_by_role("button", name="執行").click()
    expect(page.locator("#bulk-done")).to_have_text("11 件中已有 10 件退回機關待辦。")
    row = page.locator("#bulk-missed tbody tr")
    expect(row).to_have_count(1)
    assert row.get_attribute("data-case") == "115-000001"
    assert row.inner_text().endswith("已由他人處理：林雅婷 已於 民國115年3月2日 10:00 辦結。")
    shot(page, "bulk-return-with-a-conflict")
    accessible(page)
