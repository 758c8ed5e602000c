"""The council-resolution table opens with the resolutions still tracked at
the period's start (期初列管中), so start + assigned - released = end is
on the page the 研考會 hands over, in the spreadsheet and in Word alike."""
from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

sys.path.insert(0, str(Path(__file__).parent))
from report_rows import plant_march  # noqa: E402

APRIL = "from=2026-04-01&to=2026-04-30"
HEAD = ["機關", "期初列管中", "交辦決議", "填報進度", "進度逾期未報", "解除列管", "期末列管中"]


@pytest.fixture
def march(app, db, clock):
    plant_march(db)   # one resolution of March's meeting, still tracked
    clock.set(clock.now().replace(year=2026, month=5, day=4))


def test_the_page_shows_the_tracked_at_start(client_for, march):
    page = client_for("doaboss").get(f"/report/?{APRIL}").data.decode()
    table = re.search(r'<table[^>]*id="t-council-agencies".*?</table>', page, re.S).group(0)
    heads = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    assert heads[:7] == HEAD
    row = re.search(r"<tr><th[^>]*>\s*工務局\s*</th>(.*?)</tr>", table, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] == \
        ["1", "0", "0", "0", "0", "1"]


def test_the_spreadsheet_and_the_document_say_it_too(client_for, march):
    c = client_for("doaboss")
    book = load_workbook(io.BytesIO(c.get(f"/report/report.xlsx?{APRIL}").data))
    cells = [v for ws in book.worksheets for r in ws.iter_rows(values_only=True) for v in r]
    assert "期初列管中" in cells
    doc = Document(io.BytesIO(c.get(f"/report/report.docx?{APRIL}").data))
    assert any(cell.text == "期初列管中" for t in doc.tables for cell in t.rows[0].cells)
