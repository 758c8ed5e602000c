"""王科長 (the public works bureau's section chief, pwbboss here) exports last
month for his director (../shared/journeys.md): the page, the spreadsheet
and the Word document are his agency's own, issued by 工務局, dated as
officials read dates (民國) and named as an official files them; the
department keeps its council report. March 2026 is tests/webapp/report_rows.py's."""
from __future__ import annotations

import io
import re
from urllib.parse import quote

from docx import Document
from openpyxl import load_workbook

from test_report_docx import docx_tables, march, page_tables  # noqa: F401  (the fixture: March's rows)
from webtest_support import PASSWORD, login

from webapp import users

LAST_MONTH = "preset=last_month"   # today is 2 April 2026: March


def head_of(html: str) -> str:
    return re.search(r'<header class="report-head">(.*?)</header>', html, re.S).group(1)


def cover_of(resp) -> dict:
    """The 報告 sheet: {item: [values]} (a repeated item keeps every value)."""
    out = {}
    for item, value in load_workbook(io.BytesIO(resp.data))["報告"].iter_rows(min_row=2, values_only=True):
        out.setdefault(item, []).append(value)
    return out


def file_name(resp) -> tuple[str, str]:
    """(the ASCII fallback, the UTF-8 name) of the attachment (RFC 6266)."""
    header = resp.headers["Content-Disposition"]
    assert header.startswith("attachment;")
    fallback = re.search(r'filename="([^"]+)"', header).group(1)
    utf8 = re.search(r"filename\*=UTF-8''(\S+)", header).group(1)
    return fallback, utf8


def test_the_page_is_issued_by_his_bureau(client_for, march):  # noqa: F811
    head = head_of(client_for("pwbboss").get(f"/report/?{LAST_MONTH}").get_data(as_text=True))
    assert re.search(r'<p class="issuer" id="report-issuer">高雄市政府工務局</p>', head)
    assert "行政暨國際處" not in head
    assert "期間：民國115年3月1日–115年3月31日" in head


def test_the_department_s_page_is_still_issued_by_the_department(client_for, march):  # noqa: F811
    head = head_of(client_for("doaboss").get(f"/report/?{LAST_MONTH}").get_data(as_text=True))
    assert '<p class="issuer" id="report-issuer">高雄市政府行政暨國際處</p>' in head


def test_his_spreadsheet_has_one_agency_roc_dates_and_an_official_name(client_for, march):  # noqa: F811
    resp = client_for("pwbboss").get(f"/report/report.xlsx?{LAST_MONTH}")
    assert resp.status_code == 200
    cover = cover_of(resp)
    assert cover["機關"] == ["高雄市政府工務局"]
    assert cover["起"] == ["民國115年3月1日"] and cover["迄"] == ["民國115年3月31日"]
    assert cover["期間"] == ["民國115年3月1日–115年3月31日"] and "涵蓋範圍" not in cover
    assert file_name(resp) == ("PWB-period-report-1150301-1150331.xlsx", quote("工務局定期報告_115年3月.xlsx"))


def test_the_department_s_spreadsheet_covers_every_agency(client_for, march):  # noqa: F811
    resp = client_for("doaboss").get("/report/report.xlsx?from=115/01/05&to=115/03/31")
    cover = cover_of(resp)
    assert cover["機關"] == ["高雄市政府行政暨國際處"] and cover["涵蓋範圍"] == ["全部機關"]
    assert file_name(resp) == ("DOA-period-report-1150105-1150331.xlsx",
                               quote("行政暨國際處定期報告_115年1月5日至115年3月31日.xlsx"))


def test_he_downloads_his_bureau_s_document_with_the_page_s_figures(client_for, march):  # noqa: F811
    client = client_for("pwbboss")
    html = client.get(f"/report/?{LAST_MONTH}").get_data(as_text=True)
    assert 'id="download-docx"' in html and "下載定期報告（Word）" in html
    assert 'id="edit-prose"' not in html                 # the council's wording stays the department's
    resp = client.get(f"/report/report.docx?{LAST_MONTH}")
    assert resp.status_code == 200 and resp.mimetype.endswith("wordprocessingml.document")
    assert file_name(resp) == ("PWB-period-report-1150301-1150331.docx", quote("工務局定期報告_115年3月.docx"))
    doc = Document(io.BytesIO(resp.data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["高雄市政府工務局定期報告", "中華民國115年3月"]
    page, in_doc = page_tables(html), docx_tables(doc)
    assert in_doc and set(in_doc) == set(page)            # every table of his page, no other
    for caption, rows in in_doc.items():
        assert rows == page[caption], caption
    agencies = dict((r[0], r[1]) for r in in_doc["陳情案件（依權責機關）"][1:])
    assert agencies == {"工務局": "1", "合計": "1"}


def test_his_document_holds_no_other_agency_s_figures(client_for, march):  # noqa: F811
    resp = client_for("pwbboss").get(f"/report/report.docx?{LAST_MONTH}")
    doc = Document(io.BytesIO(resp.data))
    body = "\n".join([p.text for p in doc.paragraphs]
                     + [c.text for t in doc.tables for row in t.rows for c in row.cells])
    # EPB's petition, the department's name, EPB's 528 temporary staff, the department's sections.
    others = ("環境保護局", "行政暨國際處", "528", "消費者保護", "檔案管理", "公務車輛", "設施維修")
    for other in others:
        assert other not in body, other


def test_the_department_still_downloads_its_council_report(client_for, march):  # noqa: F811
    resp = client_for("doaboss").get(f"/report/report.docx?{LAST_MONTH}")
    assert resp.status_code == 200
    assert file_name(resp) == ("DOA-council-report-1150301-1150331.docx",
                               quote("行政暨國際處業務報告_115年3月.docx"))
    texts = [p.text for p in Document(io.BytesIO(resp.data)).paragraphs]
    assert texts[:2] == ["高雄市政府行政暨國際處業務報告", "中華民國115年3月"]
    assert "壹、重要業務執行狀況" in texts



def test_a_district_office_issues_its_own_in_the_city_s_name(app, db, march):  # noqa: F811
    with db.begin() as conn:
        users.add_user(conn, "nanzi-chief", "D-NANZI", ["supervisor"], PASSWORD)
    client = login(app.test_client(), "nanzi-chief")
    head = head_of(client.get(f"/report/?{LAST_MONTH}").get_data(as_text=True))
    assert '<p class="issuer" id="report-issuer">高雄市楠梓區公所</p>' in head   # not 高雄市政府楠梓區公所
    resp = client.get(f"/report/report.xlsx?{LAST_MONTH}")
    assert cover_of(resp)["機關"] == ["高雄市楠梓區公所"]
    assert file_name(resp)[1] == quote("楠梓區公所定期報告_115年3月.xlsx")
