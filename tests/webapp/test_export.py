"""CSV and XLSX downloads hold the same values, typed, with formula injection defused."""
import io
from datetime import date

from flask import Flask
from openpyxl import load_workbook

from webapp.export import Sheet, csv_response, xlsx_response

SHEET = Sheet("工務局 / 逾期", ["機關", "逾期", "日期", "備註"],
              [["工務局", 3, date(2026, 3, 2), "=HYPERLINK(1)"], ["環保局", 0, None, "ok"]])


def test_csv_has_bom_header_and_defused_formula():
    with Flask(__name__).test_request_context():
        resp = csv_response("看板.csv", SHEET)
    text = resp.get_data().decode("utf-8")
    assert text.startswith("\ufeff機關,逾期,日期,備註\r\n")
    assert "工務局,3,2026-03-02,'=HYPERLINK(1)" in text
    assert "filename*=UTF-8''%E7%9C%8B%E6%9D%BF.csv" in resp.headers["Content-Disposition"]
    assert resp.headers["Content-Type"] == "text/csv; charset=utf-8"   # said once


def test_xlsx_keeps_numbers_and_dates():
    with Flask(__name__).test_request_context():
        resp = xlsx_response("board.xlsx", [SHEET])
    ws = load_workbook(io.BytesIO(resp.get_data())).active
    assert ws.title == "工務局   逾期"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("機關", "逾期", "日期", "備註")
    assert rows[1][1] == 3 and rows[1][2].date() == date(2026, 3, 2)
    assert rows[1][3] == "'=HYPERLINK(1)"
