"""A citizen whose connection has sent too many petitions gets the form back
with what they typed and words saying to send it again later (as the status
look-up keeps its number), never a bare error page; nothing is stored."""
from __future__ import annotations

import html
import re
import struct
import zlib
from io import BytesIO

from sqlalchemy import func, select

from engine.data.schema import attachment, case

ZH = {"Accept-Language": "zh-TW"}
TYPED = {"subject": "路燈不亮", "content": "鼓山一路路燈故障三天，晚上很暗。", "category": "street_light",
         "district": "D-GUSHAN", "name": "陳小姐", "email": "chen@example.tw",
         "location_address": "鼓山區臨海二路與鼓山一路口", "consent": "true"}


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _post(client, photo=False, **over):
    data = {**TYPED, **over}
    if photo:
        data["photos"] = [(BytesIO(tiny_png()), "路燈.png")]
    return client.post("/public/petition", data=data, headers=ZH, content_type="multipart/form-data")


def _count(db, table) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def test_over_the_limit_the_form_comes_back_with_what_was_typed(app, db):
    app.config["PUBLIC_RATE_LIMIT"] = "1/hour"
    client = app.test_client()
    assert _post(client).status_code == 302
    resp = _post(client, photo=True, subject="路燈又壞了")
    page = html.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 429
    assert re.search(r'id="f-subject"[^>]*value="路燈又壞了"', page)
    assert re.search(r'<textarea id="f-content"[^>]*>鼓山一路路燈故障三天，晚上很暗。</textarea>', page)
    assert 'value="chen@example.tw"' in page and 'value="鼓山區臨海二路與鼓山一路口"' in page
    alert = re.search(r'<p class="flash error" role="alert">(.*?)</p>', page, re.S).group(1)
    assert "陳情尚未送出" in alert and "請稍後再送出" in alert and "60 分鐘" in alert
    assert "請重新選擇檔案" in page   # the photo was not kept: it is asked for again
    assert _count(db, case) == 1 and _count(db, attachment) == 0   # only the first petition


def test_without_a_photo_no_photo_is_asked_for_again(app):
    app.config["PUBLIC_RATE_LIMIT"] = "1/hour"
    client = app.test_client()
    _post(client)
    page = html.unescape(_post(client).get_data(as_text=True))
    assert "請稍後再送出" in page and "請重新選擇檔案" not in page
