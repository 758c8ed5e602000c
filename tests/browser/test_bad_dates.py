"""A supervisor who types a day outside the calendar into the report's or the
board's dates reads, in zh-TW beside the form, which date and which days are
allowed (not a server error)."""
from __future__ import annotations


def test_report_day_before_roc_year_one_is_explained(login, live_server, shot, accessible):
    page = login("doaboss")
    page.click("nav >> text=定期報告")
    page.fill("input[name=from]", "0001-01-01")
    page.fill("input[name=to]", "0001-01-02")
    page.click(".report-controls button[type=submit]")
    error = page.inner_text("#report-error")
    assert "起日須在民國元年1月1日至民國8087年12月31日之間" in error
    assert "Traceback" not in page.content() and "period" not in error
    shot(page, "bad-dates-report")
    accessible(page)


def test_board_week_at_the_end_of_the_calendar_is_explained(login, live_server, shot, accessible):
    page = login("pwbboss")
    page.goto(f"{live_server}/board/?from=9999-12-20&to=9999-12-31")
    error = page.inner_text("#filter-error")
    assert "「結束週（含該日所在週）」須為民國元年1月1日至民國8087年12月31日之間的日期" in error
    shot(page, "bad-dates-board")
    accessible(page)
    page.click("text=以預設條件回期限管控")
    page.wait_for_selector("form.filters")
