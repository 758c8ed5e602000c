"""Test cases registered by mistake: an administrator ticks them on the
deadline board's list of open cases and cancels them with a reason; the
page names the missing reason beside its field, then says how many were
cancelled, and the case page reads 已取消."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser


@pytest.fixture
def test_cases(live_server, db, clock):
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    numbers = []
    for i in range(3):
        ref = rt.start_case("petition", {"title": f"測試案件 {i + 1}"}, petitioner_info={"name": "測試"})
        with db.connect() as conn:
            reg = ready_task(conn, ref["id"], "register")
        rt.complete(reg.id, CLERK, registration(subject=f"測試案件 {i + 1}"))
        numbers.append(ref["number"])
    return numbers


def test_admin_cancels_two_test_cases_from_the_board(test_cases, live_server, login, shot, accessible):
    page = login("admin")
    page.goto(f"{live_server}/board/list?figure=open&agency=PWB")
    expect(page.locator("#drill-table tbody tr")).to_have_count(3)
    accessible(page)
    for number in test_cases[:2]:
        page.locator(f"tr[data-case='{number}'] input[name=case]").check()
    assert page.locator("#bulk-picked").inner_text() == "已勾選 2 件。"
    page.select_option("#bulk-action", label="註銷案件（會通知陳情人）")
    page.get_by_role("button", name="執行").click()
    assert page.locator("#bulk-reason-err").inner_text() == "請填寫理由；陳情人會收到這段文字。"
    shot(page, "bulk-board-cancel-missing-reason")
    accessible(page)

    page.fill("#bulk-reason", "系統測試建立的案件")
    page.get_by_role("button", name="執行").click()
    # The run goes in batches (js/bulk-progress.js); progress, then the summary on the same page.
    expect(page.locator("#bulk-done")).to_have_text("2 件中已有 2 件註銷，並已通知陳情人。")
    assert page.locator("#bulk-status").inner_text() == \
        "已處理 2 / 2 件：完成 2 件，已由他人處理 0 件，未能辦理 0 件。"
    shot(page, "bulk-board-cancel-summary")
    accessible(page)

    page.goto(f"{live_server}/cases/{test_cases[0]}")
    assert f"{test_cases[0]} 已取消" in page.locator("main").inner_text()
    shot(page, "bulk-board-cancelled-case")
    page.goto(f"{live_server}/board/list?figure=open&agency=PWB")
    expect(page.locator("#drill-table tbody tr")).to_have_count(1)
