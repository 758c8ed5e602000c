"""The period report as the Word document the department gives the city
council (python-docx), laid out as the 2020 report (engine/report/layout.py):
title and ROC period, the opening, 壹、重要業務執行狀況 with its chapters
(一、…) and sections ((一)…), each section's prose with its figures filled
in and the page's tables, then 貳、結語. Cells read as on the page. An
agency's own report (`build_period`) is its page's sections under its title."""
from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from engine.report import layout
from engine.report.prose import render

from .extensions import clock

FONT = "標楷體"   # what the city's documents are set in; Word substitutes when missing
ADDRESS = "議長、副議長、各位議員女士、先生："
ISSUER = layout.TITLE.removesuffix("業務報告")   # 高雄市政府行政暨國際處


def cell_text(value, percent: bool = False) -> str:
    """A figure as the page's cell macro writes it (templates/report/index.html)."""
    if value is None:
        return "—"
    if percent:
        return f"{value:.1f}%"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def placeholder_texts(values: dict, period_title: str) -> dict[str, str]:
    """The words each {placeholder} becomes: figures as on the page, the rate in %."""
    out = {k: cell_text(v, percent=k.endswith("_rate")) for k, v in values.items()}
    out["period"] = period_title
    return out


def roc_period(start: date, end: date) -> str:
    """中華民國115年1月至6月 for whole months, else 中華民國115年1月5日至115年2月3日."""
    y1, y2 = start.year - 1911, end.year - 1911
    whole = start.day == 1 and (end + timedelta(days=1)).day == 1
    if not whole:
        return f"中華民國{y1}年{start.month}月{start.day}日至{y2}年{end.month}月{end.day}日"
    if (y1, start.month) == (y2, end.month):
        return f"中華民國{y1}年{start.month}月"
    return f"中華民國{y1}年{start.month}月至{'' if y1 == y2 else f'{y2}年'}{end.month}月"


def build(tables: dict, prose: dict[str, str], words: dict[str, str], period_title: str,
          lines: list[str] = ()) -> bytes:
    """tables: {key: report_tables.Table}; prose: {section: text}; words: placeholder texts;
    `lines` under the period: when the figures were computed."""
    doc = _document(f"{layout.TITLE}（{period_title}）", ISSUER)
    doc.add_heading(layout.TITLE, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(period_title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(ADDRESS)
    doc.add_paragraph(render(prose[layout.OPENING.key], words))
    doc.add_heading(layout.PART_ONE, level=1)
    for i, chapter in enumerate(layout.CHAPTERS):
        doc.add_heading(layout.chapter_heading(i, chapter), level=2)
        for j, section in enumerate(chapter.sections):
            doc.add_heading(layout.section_heading(j, section), level=3)
            doc.add_paragraph(render(prose[section.key], words))
            for key in section.tables:
                if key in tables:
                    _table(doc, tables[key])
    doc.add_heading(layout.PART_TWO, level=1)
    doc.add_paragraph(render(prose[layout.CLOSING.key], words))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def build_period(title: str, period_title: str, lines: list[str], sections: list) -> bytes:
    """An agency's own period report for its director: the page's sections
    (report_sections.sections, scoped as the page) under 一、二、…, each with
    its facts and tables; no council wording, which is the department's.
    `lines` under the period: what it covers (when more than the issuer), when computed."""
    doc = _document(f"{title}（{period_title}）")
    doc.add_heading(title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(period_title).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines:
        doc.add_paragraph(line)
    for i, section in enumerate(sections):
        doc.add_heading(f"{layout.NUMERALS[i]}、{section.title}", level=1)
        for label, value in section.facts:
            doc.add_paragraph(f"{label}：{cell_text(value)}")
        for table in section.tables:
            _table(doc, table)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _table(doc, table) -> None:
    doc.add_paragraph(f"表：{table.title}", style="Caption")
    rows = [table.header, *table.all_rows]
    grid = doc.add_table(rows=len(rows), cols=len(table.header), style="Table Grid")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = str(value) if r == 0 else cell_text(value, c in table.percent)
            grid.cell(r, c).text = text
            if r == 0 or c == 0:
                for run in grid.cell(r, c).paragraphs[0].runs:
                    run.bold = True
    if not table.rows:
        doc.add_paragraph("（本期無資料）")
    for note in table.notes:   # how a figure is counted (report_tables), under its table
        doc.add_paragraph(note)


def _document(title: str, author: str = ""):
    """A new document with its fonts, and the properties Word shows (File >
    Info) naming the report: python-docx's template says its author is
    python-docx, 'generated by python-docx' and made in 2013."""
    doc = Document()
    _fonts(doc)
    props, now = doc.core_properties, clock().now().replace(microsecond=0)
    props.title, props.author, props.comments, props.language = title, author, "", "zh-TW"
    props.created = props.modified = now
    return doc


def _fonts(doc) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    doc.styles["Normal"].font.size = Pt(12)
