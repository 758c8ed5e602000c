"""王科長's twice-a-day look at who is overloaded: the whole-agency list opens
with the workload per officer; 林雅婷 is marked (overdue, well above the
team); her overdue number opens exactly her overdue tasks, which he moves to
陳志明 with the bulk reassign, and the summary then says so."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _row(page, who):
    return page.locator(f'#workload-table tr[data-officer="{who}"]')


def _figure(page, who, figure):
    return _row(page, who).locator(f'td[data-figure="{figure}"]')


def test_chief_reads_the_load_and_moves_an_officers_overdue_tasks(
        pwb1_holds, clock, login, shot, accessible):
    pwb1_holds(4)                          # received Mon 03-02, due Tue 03-10
    clock.advance(days=9)                  # Wed 03-11: all four overdue
    page = login("pwbboss")
    page.get_by_role("link", name="整個機關").click()
    expect(page.get_by_role("heading", name="各承辦人工作量")).to_be_visible()
    header = page.locator("#workload-table thead").inner_text()
    for words in ("承辦人", "持有未完成工作", "逾期", "2 個工作日內到期", "待補正", "最早處理期限"):
        assert words in header
    assert _figure(page, "pwb1", "held").inner_text() == "4"
    assert _figure(page, "pwb1", "overdue").inner_text() == "4"
    assert "有逾期工作" in _row(page, "pwb1").inner_text()
    assert "民國115年3月10日" in _row(page, "pwb1").inner_text()
    assert _figure(page, "pwb2", "held").inner_text() == "0"
    assert "尚未分派（機關待辦）" in page.locator("#workload-table").inner_text()
    shot(page, "team-workload")
    accessible(page)

    _figure(page, "pwb1", "overdue").get_by_role("link").click()
    expect(page.locator("#inbox-table tbody tr")).to_have_count(4)
    assert page.locator("#filter-assignee option:checked").inner_text() == "林雅婷"
    page.check("#pick-page")
    page.select_option("#bulk-action", label="改派給其他承辦人")
    page.select_option("#bulk-officer", label="陳志明")
    page.get_by_role("button", name="執行").click()
    expect(page.locator("#bulk-done")).to_have_text("4 件中已有 4 件改由 陳志明 辦理。",
                                                  timeout=20_000)   # filled as the job reports, under load too
    accessible(page)

    page.get_by_role("link", name="待辦箱").first.click()
    page.get_by_role("link", name="整個機關").click()
    expect(_figure(page, "pwb2", "overdue")).to_have_text("4")
    assert _figure(page, "pwb1", "held").inner_text() == "0"
    assert "有逾期工作" not in _row(page, "pwb1").inner_text()
    assert "有逾期工作" in _row(page, "pwb2").inner_text()
    shot(page, "team-workload-after-moving")
    accessible(page)
