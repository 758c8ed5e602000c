"""The department's supervisor words the report to the city council for
March: reads the period report (the services' sections too), edits the car
section's wording (a mistyped figure is refused beside the box), downloads
the Word document and finds the wording with the figure filled in. A citizen
opens the open-data page without signing in."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from playwright.sync_api import expect
from docx import Document

_spec = importlib.util.spec_from_file_location(
    "report_rows_browser", Path(__file__).resolve().parents[1] / "webapp" / "report_rows.py")
rows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rows)

MARCH = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def march(live_server, db, clock):
    rows.plant_march(db)
    clock.set(clock.now().replace(year=2026, month=4, day=2))
    return live_server


def test_supervisor_words_the_council_report_and_downloads_it(march, login, shot, accessible):
    page = login("doaboss")
    page.goto(f"{march}/report/?{MARCH}")
    assert page.inner_text("#sec-vehicles h2").endswith("公務車輛管理")
    assert page.inner_text("#t-vehicles-trips tbody tr:first-child td") == "2"
    accessible(page)
    shot(page, "report-services")
    # The repairs section at reading size, to look at.
    page.locator("#sec-repairs").screenshot(path=str(Path(__file__).resolve().parents[2] / "test-artifacts"
                                                     / "report-services-repairs.png"))

    page.click("#edit-prose")
    page.wait_for_selector("#prose-vehicles")
    assert "民國115年3月1日–115年3月31日" in page.inner_text("#prose-period")
    accessible(page)
    page.fill("#prose-vehicles", "本期公務車輛調派 {car_trip} 車次，均安全返回。")
    page.click("button[type=submit].primary")
    error = page.locator("#prose-vehicles-err")
    assert "不認得的數字代碼：{car_trip}" in error.inner_text()
    assert page.input_value("#prose-vehicles").startswith("本期公務車輛調派 {car_trip}")
    accessible(page)
    error.scroll_into_view_if_needed()
    shot(page, "report-prose-refused")

    page.fill("#prose-vehicles", "本期公務車輛調派 {car_trips} 車次，均安全返回。")
    page.click("button[type=submit].primary")
    assert "本期報告文字已儲存" in page.inner_text(".flash")
    assert "doaboss 於" in page.inner_text("#prose-vehicles-kept")
    shot(page, "report-prose-saved")

    with page.expect_download() as info:
        page.click("#download-docx")
    assert info.value.suggested_filename == "行政暨國際處業務報告_115年3月.docx"
    doc = Document(info.value.path())
    texts = [p.text for p in doc.paragraphs]
    assert "中華民國115年3月" in texts and "(二)強化車輛管理" in texts
    assert "本期公務車輛調派 2 車次，均安全返回。" in texts


def test_a_citizen_reads_the_open_data_page(march, browser, shot, accessible):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page.goto(f"{march}/open-data/")
    assert page.inner_text("h1") == "開放資料"
    expect(page.locator(".dataset")).to_have_count(11)
    accessible(page)
    shot(page, "open-data-index")
    page.click("#ds-car-trips h2 a")
    expect(page.locator("#dictionary tbody tr")).to_have_count(6)
    accessible(page)
    shot(page, "open-data-dictionary")
    resp = page.goto(f"{march}/open-data/car-trips/2031-01.csv")
    assert resp.status == 404 and "這個開放資料檔案不存在" in page.inner_text("h1")
    accessible(page)
