"""Tables as downloadable files: CSV (UTF-8 with BOM, so Excel on a
Traditional-Chinese Windows opens it right) and XLSX through openpyxl.

A table is a `Sheet`: a title, a header row and data rows of plain values
(str, int, float, date, datetime, None). Numbers stay numbers, so a
supervisor can sum them in the spreadsheet.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from flask import Response

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters that make a spreadsheet treat a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Sheet:
    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


def csv_response(filename: str, sheet: Sheet) -> Response:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(sheet.header)
    writer.writerows([[_safe_text(v) for v in row] for row in sheet.rows])
    body = "\ufeff" + buf.getvalue()
    return _download(body.encode("utf-8"), filename, "text/csv; charset=utf-8")


def xlsx_response(filename: str, sheets: list[Sheet]) -> Response:
    return _download(xlsx_bytes(sheets), filename, XLSX_TYPE)


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(sheet.title))
        ws.append(sheet.header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_xlsx_value(v) for v in row])
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _xlsx_value(value):
    # openpyxl refuses timezone-aware datetimes; callers pass local times.
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return _safe_text(value)


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, " ")
    return title[:31] or "Sheet"


def _download(body: bytes, filename: str, mimetype: str) -> Response:
    # content_type, not mimetype: Flask would add a second "; charset=utf-8".
    resp = Response(body, content_type=mimetype)
    # RFC 6266: an ASCII fallback plus the UTF-8 name for Chinese file names.
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    resp.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}")
    return resp
