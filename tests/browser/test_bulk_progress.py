"""A long bulk run shows its progress: a supervisor gives all 60 of an
officer's open tasks to a colleague; the page works through them 25 at a
time, the bar and its words (read out to a screen reader) reach 60, and the
summary says how many moved and to whom."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.data.schema import task

pytestmark = pytest.mark.browser


@pytest.fixture
def sixty_tasks(pwb1_holds):
    """60 street-light petitions at PWB's 'handle', all claimed by pwb1."""
    pwb1_holds(60)


def test_supervisor_moves_sixty_tasks_and_watches_the_progress(sixty_tasks, live_server, db,
                                                               login, shot, accessible):
    page = login("pwbboss")
    page.goto(f"{live_server}/inbox?view=team&assignee=pwb1")
    batches = []
    page.on("request", lambda r: batches.append(r) if r.url.endswith("/inbox/bulk/batch") else None)
    page.check("#bulk-all")
    page.select_option("#bulk-action", label="改派給其他承辦人")
    page.select_option("#bulk-officer", label="陳志明")
    accessible(page)
    page.get_by_role("button", name="執行").click()

    status = page.get_by_role("status").filter(has_text="已處理")
    expect(status).to_have_text("已處理 60 / 60 件：完成 60 件，已由他人處理 0 件，未能辦理 0 件。")
    assert page.locator("#bulk-bar").evaluate("b => [b.value, b.max]") == [60, 60]
    expect(page.locator("#bulk-done")).to_have_text("60 件中已有 60 件改由 陳志明 辦理。")
    assert page.locator("h1").inner_text() == "批次處理結果"
    expect(page.get_by_text("勾選的項目全部處理完成。")).to_be_visible()
    expect(page.locator("#inbox-table")).to_be_hidden()
    assert len(batches) == 3     # 25 + 25 + 10, each an ordinary form post
    shot(page, "bulk-progress-sixty-done")
    accessible(page)
    with db.connect() as conn:
        holders = conn.execute(select(task.c.assignee).where(task.c.state == "ready")).scalars().all()
    assert holders == ["pwb2"] * 60

    assert page.locator("#bulk-see-officer").inner_text() == "查看 陳志明 目前的工作"
    page.get_by_role("link", name="回到清單").click()
    assert page.url.endswith("/inbox?assignee=pwb1&view=team")
    expect(page.locator("#inbox-table")).to_have_count(0)   # pwb1 holds nothing now


def test_a_run_cut_off_midway_keeps_what_was_done_and_says_so(sixty_tasks, live_server, db,
                                                              login, shot, accessible):
    """The connection drops on the second batch: the first 25 stay moved, the
    page says the run stopped and the list still holds the other 35."""
    page = login("pwbboss")
    page.goto(f"{live_server}/inbox?view=team&assignee=pwb1")
    seen = []

    def second_fails(route):
        seen.append(route.request)
        route.abort() if len(seen) == 2 else route.continue_()
    page.route("**/inbox/bulk/batch", second_fails)
    page.check("#bulk-all")
    page.select_option("#bulk-action", label="退回機關待辦")
    page.get_by_role("button", name="執行").click()

    expect(page.locator("#bulk-done")).to_have_text("60 件中已有 25 件退回機關待辦。")
    assert page.locator("#bulk-status").inner_text().startswith("批次處理未能全部完成：與伺服器的連線中斷。")
    assert len(seen) == 2          # nothing after the failed batch, nothing sent twice
    expect(page.get_by_text("勾選的項目全部處理完成。")).to_be_hidden()
    shot(page, "bulk-progress-cut-off")
    accessible(page)
    with db.connect() as conn:
        holders = conn.execute(select(task.c.assignee).where(task.c.state == "ready")).scalars().all()
    assert sorted(holders, key=str) == [None] * 25 + ["pwb1"] * 35
