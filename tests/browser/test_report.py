"""A department supervisor opens the period report in Chromium, picks a
range, reads it in ROC dates, downloads the spreadsheet and prints it (A4)."""
from __future__ import annotations

import importlib.util
import io
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect
from openpyxl import load_workbook

from engine.time.clock import TAIPEI
from engine.demo.generate import run_demo


@pytest.fixture
def demo_period(live_server, db):
    """130 days of demo cases up to the test clock's Monday 2026-03-02."""
    run_demo(db, cases=200, days=130, end=datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI),
             progress=lambda *_: None)
    return live_server


def test_supervisor_reads_prints_and_downloads_the_period_report(demo_period, login, shot):
    page = login("doaboss")
    page.click("nav >> text=定期報告")
    page.fill("input[name=from]", "2025-11-01")
    page.fill("input[name=to]", "2026-02-28")
    page.click(".report-controls button[type=submit]")
    page.wait_for_selector("#sec-audits")
    assert page.inner_text("#report-period").endswith("民國114年11月1日–115年2月28日")
    expect(page.locator("canvas.report-chart").nth(2)).to_be_attached()   # three charts at least
    expect(page.locator("#t-consumer-kinds tbody tr")).to_have_count(11)
    shot(page, "report-screen")

    with page.expect_download() as info:
        page.click("#download-xlsx")
    book = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
    # The department's services follow the processes (issue 17).
    assert [ws.title for ws in book.worksheets] == ["報告", "消費者保護", "查察消費場所及商品", "人民陳情",
                                                     "市政會議及決議列管", "檔案管理考評", "公務車輛管理",
                                                     "集會場所之管理利用", "設施維修", "臨時人員審核", "公文電子交換"]
    first_complaints = page.inner_text("#t-consumer-totals tbody tr:nth-child(2) td")
    # Row 1 the section, 2 the table title, 3 its header, 4 consultations, 5 first complaints.
    assert book["消費者保護"]["B5"].value == int(first_complaints.replace(",", ""))

    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("#sec-petitions .print-head")).to_be_visible()
    shot(page, "report-print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 4


def test_a_preset_and_a_bad_range(live_server, login, shot):
    # The period's words and the refusal need no cases: no demo generated here.
    page = login("doaboss", locale="en")
    page.goto(f"{live_server}/report/?preset=quarter")
    assert "民國115年1月1日–115年3月31日" in page.inner_text("#report-period")
    resp = page.goto(f"{live_server}/report/?from=2026-03-31&to=2026-03-01")
    assert resp.status == 400
    expect(page.locator("#report-error")).to_be_visible()
    shot(page, "report-bad-range")


def test_a_date_that_is_not_one_is_named_in_the_readers_words(live_server, login):
    page = login("doaboss")
    resp = page.goto(f"{live_server}/report/?from=115/13/01&to=115/03/01")
    assert resp.status == 400
    error = page.locator("#report-error")
    expect(error).to_contain_text("日期格式錯誤（應為民國年/月/日，例：115/07/01）")
    expect(error).to_contain_text("請以民國年/月/日輸入起迄日期（例：115/03/02）")
    expect(error).not_to_contain_text("YYYY")



PHONE = 390
_spec = importlib.util.spec_from_file_location(
    "report_rows_phone", Path(__file__).resolve().parents[1] / "webapp" / "report_rows.py")
rows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rows)


@pytest.fixture
def march(live_server, db, clock):
    """March 2026's case rows (tests/webapp/report_rows.py); today is 2 April."""
    rows.plant_march(db)
    clock.set(clock.now().replace(year=2026, month=4, day=2))
    return live_server


@pytest.mark.parametrize("username", ["pwbboss", "doaboss"])
def test_last_month_on_a_phone_scrolls_its_tables_not_the_page(march, login, shot, accessible, username):
    """王科長 reads last month on a 390 px phone: the page stays as wide as the
    phone, a wide table scrolls sideways in a focusable region of its own and
    a category's name stays on one line."""
    page = login(username, width=PHONE)
    page.goto(f"{march}/report/?preset=last_month")
    assert page.inner_text("#report-period").startswith("期間：民國115年3月1日")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    region = page.locator("[role=region]", has=page.locator("#t-petitions-category"))
    expect(region).to_have_attribute("tabindex", "0")
    assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")   # its columns scroll, not the page
    label = page.locator("#t-petitions-category tbody th[scope=row]").first
    line = float(label.evaluate("el => getComputedStyle(el).lineHeight").removesuffix("px"))
    assert label.evaluate("el => el.getBoundingClientRect().height") < 2 * line   # 路燈 on one line
    accessible(page)
    shot(page, f"report-phone-{username}")
