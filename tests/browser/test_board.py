"""The department supervisor opens the deadline board, filters it to one
agency and one process, sees the trend chart and the heat overlay, and
exports XLSX: the file holds the numbers the page shows."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect
from openpyxl import load_workbook

from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FIGURES = ["open", "due_soon", "overdue", "paused", "extended", "escalated", "completed",
           "on_time", "late", "on_time_rate", "median_days"]


@pytest.fixture
def board_cases(live_server, db, clock):
    """Three petitions at PWB, two at EPB, registered Mon 03-02; one PWB case
    answered at once, one the next day; then the clock moves to Wed 03-11,
    past the others' deadline (Tue 03-10)."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    ids = []
    for over in ({}, {}, {}, {"category": "noise"}, {"category": "noise"}):
        ref = rt.start_case("petition", {},   # e-mail on file: replies are sent at once
                            petitioner_info={"name": "王小明", "email": "ming@example.tw"})
        with db.connect() as conn:
            reg = ready_task(conn, ref["id"], "register")
        rt.complete(reg.id, CLERK, registration(**over))
        ids.append(ref["id"])
    pwb = Actor("pwb1", "PWB", frozenset({"officer"}))
    for case_id, days in ((ids[0], 0), (ids[1], 1)):
        clock.advance(days=days)
        with db.connect() as conn:
            handle = ready_task(conn, case_id, "handle")
        rt.complete(handle.id, pwb, {"handling_action": "reply", "reply_text": "已修復",
                                     "legal_basis": "市區道路條例"})
    clock.advance(days=8)
    return ids


def _shown(page, agency):
    row = page.locator(f"#board-table tr[data-agency='{agency}']")
    return [row.locator(f"[data-figure='{k}']").inner_text().strip() for k in FIGURES]


def _number(value):
    return None if value in (None, "", "—") else float(value)


def test_supervisor_filters_to_one_agency_and_exports_what_the_page_shows(
        login, live_server, board_cases, shot, tmp_path):
    page = login("doaboss")
    page.click("nav a:has-text('期限管控')")
    page.wait_for_selector("#board-table")
    expect(page.locator("#board-table tr[data-agency='EPB']")).to_have_count(1)
    page.select_option("#board-agency", "PWB")
    page.select_option("#board-process", "petition")
    page.fill("input[name=from]", "2026-02-23")
    page.click("#board-apply")
    page.wait_for_selector("#heat-diagram.ready svg")
    page.wait_for_selector("#heat-diagram .heat-badge >> visible=true")
    expect(page.locator("#board-table tr[data-agency='EPB']")).to_have_count(0)
    shown = _shown(page, "PWB")
    assert shown[:4] == ["1", "0", "1", "0"] and shown[6:9] == ["2", "2", "0"]
    shot(page, "board-01-pwb")
    shot_element(page, "#trend-chart", "board-02-chart")
    shot_element(page, "#heat-diagram", "board-03-heat-overlay")
    with page.expect_download() as info:
        page.click("#export-xlsx")
    path = tmp_path / "board.xlsx"
    info.value.save_as(path)
    sheet = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    in_file = next(r for r in sheet if r[0] == "PWB")[2:]
    assert [_number(v) for v in in_file] == [_number(v) for v in shown]
    assert not any(r[0] == "EPB" for r in sheet)


def test_officer_has_no_board_link(login, live_server):
    page = login("pwb1")
    expect(page.locator("nav a:has-text('期限管控')")).to_have_count(0)
    assert page.goto(f"{live_server}/board/").status == 403


def shot_element(page, selector, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(selector).screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_each_number_opens_a_list_that_says_and_shows_as_many(login, live_server, board_cases):
    """王科長 clicks every linked number of his bureau's row: the list says
    how many it holds, shows as many rows, and marks the late ones in words."""
    page = login("pwbboss")
    page.goto(f"{live_server}/board/?from=2026-02-23")
    links = page.locator("#board-table tr[data-agency='PWB'] a[data-figure]")
    wanted = [(a.get_attribute("data-figure"), a.inner_text().strip(), a.get_attribute("href"))
              for a in links.all()]
    assert {f for f, _, _ in wanted} >= {"open", "overdue", "completed"}
    for figure, value, href in wanted:
        page.goto(f"{live_server}{href}")
        unit = "項工作" if figure in ("completed", "on_time", "late") else "件案件"
        expect(page.locator("#drill-count")).to_have_text(f"共 {value} {unit}。")
        expect(page.locator("#drill-table tbody tr")).to_have_count(int(value))
        if figure == "overdue":
            expect(page.locator("#drill-table tbody .status.overdue").first).to_have_text("逾期")


def test_the_month_link_carries_the_board_s_agency_and_the_report_changes_it(
        login, live_server, board_cases, accessible, shot):
    """The department's chief reads 工務局's row, follows 整月報表 and gets
    工務局's report, 工務局 chosen; he turns to 環境保護局 on the report itself,
    and the spreadsheet he downloads is 環境保護局's. An agency his scope does
    not hold is refused in words (webapp/views/report.py)."""
    page = login("doaboss")
    page.goto(f"{live_server}/board/?agency=PWB")
    page.click("#month-report")
    expect(page.locator("#report-issuer")).to_have_text("高雄市政府工務局")
    expect(page.locator("#report-agency option:checked")).to_have_text("工務局")
    page.select_option("#report-agency", "EPB")
    page.click(".report-controls button[type=submit]")
    expect(page.locator("#report-issuer")).to_have_text("高雄市政府環境保護局")
    expect(page.locator("#download-docx")).to_have_text("下載定期報告（Word）")
    accessible(page)
    shot(page, "report-chosen-agency")
    with page.expect_download() as info:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    cover = {r[0]: r[1] for r in book["報告"].iter_rows(values_only=True)}
    assert cover["機關"] == "高雄市政府環境保護局"

    boss = login("pwbboss")
    boss.goto(f"{live_server}/report/?preset=last_month&agency=EPB")
    expect(boss.locator("#report-agency-error")).to_contain_text("環境保護局不在您可查看報表的機關範圍內。")
    expect(boss.locator(".report-head")).to_have_count(0)
    boss.click("#report-own")
    expect(boss.locator("#report-issuer")).to_have_text("高雄市政府工務局")
