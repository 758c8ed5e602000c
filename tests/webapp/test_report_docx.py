"""The report to the city council as a Word document (/report/report.docx)
and its wording edited per period (/report/prose): the document's sections
are the seed's, its figures the page's, its prose the department's."""
from __future__ import annotations

import io
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from datetime import datetime

import pytest
from docx import Document
from sqlalchemy import select

from engine.data.schema import audit
from engine.report import layout
from engine.time.clock import TAIPEI

sys.path.insert(0, str(Path(__file__).parent))
from report_rows import plant_march  # noqa: E402

MARCH = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def march(app, db, clock):
    plant_march(db)
    clock.set(clock.now().replace(year=2026, month=4, day=2))
    return app


class PageTables(HTMLParser):
    """{caption: [[cell text, ...], ...]} of the report page's tables."""

    def __init__(self):
        super().__init__()
        self.tables, self._rows, self._cell, self._caption = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td", "caption") and self._rows is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._caption, self._cell = self._cell.strip(), None
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append(self._cell.strip())
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption] = [r for r in self._rows if r]
            self._rows = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def page_tables(html: str) -> dict:
    parser = PageTables()
    parser.feed(html)
    return parser.tables


def docx_tables(doc) -> dict:
    """{caption: rows}: each table follows its caption paragraph 「表：…」."""
    out, caption = {}, None
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            caption = text.removeprefix("表：") if text.startswith("表：") else caption
        elif tag == "tbl" and caption:
            table = next(t for t in doc.tables if t._tbl is block)
            out[caption] = [[c.text for c in row.cells] for row in table.rows]
            caption = None
    return out


def get_docx(client, query=MARCH):
    resp = client.get(f"/report/report.docx?{query}")
    assert resp.status_code == 200, resp.data[:300]
    assert resp.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in resp.headers["Content-Disposition"]
    return Document(io.BytesIO(resp.data))


def paragraphs(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_document_is_laid_out_as_the_seed_with_the_page_figures(client_for, march):
    client = client_for("doaboss")
    doc = get_docx(client)
    texts = paragraphs(doc)
    assert texts[0] == "高雄市政府行政暨國際處業務報告" and texts[1] == "中華民國115年3月"
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "壹、重要業務執行狀況" and headings[-1] == "貳、結語"
    for i, chapter in enumerate(layout.CHAPTERS):
        assert layout.chapter_heading(i, chapter) in headings
        for j, sec in enumerate(chapter.sections):
            assert layout.section_heading(j, sec) in headings
    assert "二、建構友善公務環境" in headings and "(一)營造安全友善空間" in headings
    page = page_tables(client.get(f"/report/?{MARCH}").get_data(as_text=True))
    in_doc = docx_tables(doc)
    shown = [key for ch in layout.CHAPTERS for s in ch.sections for key in s.tables]
    assert len(in_doc) == len(shown)
    for caption, rows in in_doc.items():   # an empty table: the page's row, the document's line under it
        assert rows == [r for r in page[caption] if r != ["本期無資料。"]], caption
    body = "\n".join(texts)
    assert "本期公務車輛調派計有 2 車次，其中支援市府其他機關申請借用車輛計有 1 車次" in body
    assert "共計處理 3 件" in body and "如期答覆率 50.0%" in body and "召開 1 次市政會議" in body
    assert "同意進用臨時人力以採月薪及時薪計支者分別為 0 人及 528 人" in body
    assert "{" not in body


def test_the_departments_wording_is_kept_per_period(client_for, march, db):
    client = client_for("doaboss")
    page = client.get(f"/report/prose?{MARCH}")
    assert page.status_code == 200 and "報告文字" in page.get_data(as_text=True)
    resp = client.post(f"/report/prose?{MARCH}", data={
        "prose-vehicles": "本期派車 {car_trips} 車次，皆平安返回。", "prose-closing": "謝謝指教。"})
    assert resp.status_code == 302
    html = client.get(f"/report/prose?{MARCH}").get_data(as_text=True)
    assert "本期派車 {car_trips} 車次，皆平安返回。" in html and "doaboss 於" in html
    march_doc = "\n".join(paragraphs(get_docx(client)))
    assert "本期派車 2 車次，皆平安返回。" in march_doc and "謝謝指教。" in march_doc
    assert "資源共享概念" not in march_doc            # the default wording is replaced
    april = "\n".join(paragraphs(get_docx(client, "from=2026-04-01&to=2026-04-30")))
    assert "資源共享概念" in april and "皆平安返回" not in april   # another period keeps the default
    with db.connect() as conn:
        row = conn.execute(select(audit).where(audit.c.action == "report_prose_saved")).one()
    assert row.actor == "doaboss"
    assert json.loads(row.detail)["sections"] == ["vehicles", "closing"]


def test_an_unknown_placeholder_is_refused_beside_its_field(client_for, march):
    client = client_for("doaboss")
    resp = client.post(f"/report/prose?{MARCH}", data={"prose-repairs": "共 {repair_total} 件",
                                                        "prose-closing": "這段不該保存。"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    err = re.search(r'id="prose-repairs-err">([^<]*)<', html).group(1)
    assert "不認得的數字代碼：{repair_total}" in err
    assert 'aria-describedby="prose-repairs-kept prose-repairs-err"' in html
    assert "共 {repair_total} 件" in html              # what was typed stays in the box
    doc = "\n".join(paragraphs(get_docx(client)))
    assert "這段不該保存。" not in doc                 # nothing of a refused form is kept


# An agency's supervisor downloads the agency's own document (test_report_agency.py), not the wording.
@pytest.mark.parametrize("user,edit,docx", [("doaboss", 200, 200), ("admin", 200, 200),
                                            ("analyst", 200, 200), ("pwbboss", 403, 200),
                                            ("pwb1", 403, 403)])
def test_who_may_edit_the_wording_and_download_the_document(client_for, user, edit, docx):
    client = client_for(user)
    assert client.get("/report/prose").status_code == edit
    saved = client.post("/report/prose", data={"prose-closing": "x"}).status_code
    assert saved == (302 if edit == 200 else 403)
    assert client.get("/report/report.docx").status_code == docx


def test_the_page_shows_the_services_in_zh_tw(client_for, march):
    html = client_for("doaboss").get(f"/report/?{MARCH}").get_data(as_text=True)
    for sec, heading in (("vehicles", "公務車輛管理"), ("venues", "集會場所之管理利用"), ("repairs", "設施維修"),
                         ("temp_staff", "臨時人員審核"), ("document_exchange", "公文電子交換"),
                         ("inspections", "查察消費場所及商品")):
        assert re.search(rf'id="sec-{sec}">.*?<h2>\d+\. {heading}</h2>', html, re.S), sec
    assert 'id="download-docx"' in html and 'id="edit-prose"' in html
    lift = re.search(r'id="t-repairs-trades".*?<th scope="row">電梯</th>(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", lift)[:2] == ["1", "1"]


def test_a_bad_period_for_the_document_and_the_wording(client_for):
    client = client_for("doaboss")
    for path in ("/report/report.docx", "/report/prose"):
        resp = client.get(f"{path}?from=2026-03-31&to=2026-03-01")
        assert resp.status_code == 400 and "起日晚於迄日" in resp.get_data(as_text=True)


def test_the_document_is_in_chinese_for_an_english_reader(client_for, march):
    client = client_for("doaboss")
    client.post("/lang/en", data={"next": "/"})
    tables = docx_tables(get_docx(client))
    assert "公務車輛調派" in tables and tables["設施維修（依工程類別）"][0][0] == "工程類別"


def test_the_documents_properties_name_the_report_not_the_library(client_for, march, clock):
    """Word's File > Info showed author python-docx, a comment 'generated by
    python-docx' and 2013 as the date it was made."""
    props = get_docx(client_for("doaboss")).core_properties
    assert props.title == "高雄市政府行政暨國際處業務報告（中華民國115年3月）"
    assert props.author == "高雄市政府行政暨國際處" and props.comments == ""
    assert props.language == "zh-TW"
    assert props.created == props.modified == clock.now().replace(microsecond=0)
    agency = get_docx(client_for("doaboss"), MARCH + "&agency=PWB").core_properties
    assert agency.title.endswith("（中華民國115年3月）") and "python" not in agency.author + agency.comments


AS_AT = "數據依案件紀錄計算，產製時間 "


def test_the_council_document_says_when_its_figures_were_computed(client_for, app, db, clock):
    """A report on a period not yet over holds its days only up to then:
    the council's document says so under the period, as the agency's does."""
    plant_march(db)
    clock.set(datetime(2026, 3, 20, 14, 5, tzinfo=TAIPEI))
    texts = paragraphs(get_docx(client_for("doaboss")))
    assert texts[1] == "中華民國115年3月"
    assert texts[2] == AS_AT + "民國115年3月20日 14:05；當時本期尚未結束，數據僅計至該時為止。"
    clock.set(datetime(2026, 4, 2, 9, 30, tzinfo=TAIPEI))
    assert paragraphs(get_docx(client_for("doaboss")))[2] == AS_AT + "民國115年4月2日 09:30"
