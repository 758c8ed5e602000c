"""A citizen over the public forms' limit gets the consumer-complaint form or
the supplement (補正) answer back with what they typed and words saying to
send it again later, as the petition form does (test_public_petition_limit.py),
never a bare 429 page; nothing is filed or stored."""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

from sqlalchemy import func, select

from engine.data.schema import attachment, case, supplement_request
from webtest_support import make_case, ready_task

ZH = {"Accept-Language": "zh-TW"}
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
CLAIM = "健身房突然歇業，預付一年會費兩萬四千元未退。"
COMPLAINT = {"business_name": "力健健身房", "category": "fitness", "purchase_date": "115/01/15",
             "claim_text": CLAIM, "claim_request": "退還未使用的會費兩萬元。", "name": "張志明",
             "phone": "0933-222-111", "email": "chang@example.tw", "consent": "true"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _count(db, table) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar()


def _alert(page: str) -> str:
    return re.search(r'<p class="flash error" role="alert">(.*?)</p>', page, re.S).group(1)


def test_a_complaint_over_the_limit_comes_back_with_what_was_typed(app, db, rt):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    app.config["PUBLIC_RATE_LIMIT"] = "1/hour"
    client = app.test_client()
    assert client.post("/public/complaint", data=COMPLAINT, headers=ZH).status_code == 302
    resp = client.post("/public/complaint", data={**COMPLAINT, "business_name": "大力健身房"},
                       headers=ZH)
    page = html.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 429
    assert re.search(r'name="business_name"[^>]*value="大力健身房"', page)
    assert f">{CLAIM}</textarea>" in page and 'value="chang@example.tw"' in page
    alert = _alert(page)
    assert "申訴尚未送出" in alert and "請稍後再送出" in alert and "60 分鐘" in alert
    assert _count(db, case) == 1   # only the first complaint


def test_a_supplement_over_the_limit_keeps_the_answer(app, db, rt, client_for):
    receipt = make_case(app, rt)
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = client_for("pwb1")
    officer.post(f"/tasks/{handle.id}/claim")
    officer.post(f"/tasks/{handle.id}/supplement", data={"request": "請補正電桿編號"})
    citizen = app.test_client()
    citizen.post("/public/status", data={"number": receipt.number, "password": receipt.password})
    app.config["PUBLIC_RATE_LIMIT"] = "1/hour"
    assert citizen.post("/public/status/supplement", data={"answer": ""}).status_code == 422
    resp = citizen.post("/public/status/supplement", headers=ZH, content_type="multipart/form-data",
                        data={"answer": "電桿編號 K1234", "files": [(io.BytesIO(PNG), "電桿.png")]})
    page = html.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 429
    assert re.search(r'<textarea id="supplement-answer"[^>]*>電桿編號 K1234</textarea>', page)
    assert "補正尚未送出" in _alert(page) and "請稍後再送出" in _alert(page)
    assert "請重新選擇檔案" in page   # the photo must be chosen again
    with db.connect() as conn:
        assert conn.execute(select(supplement_request.c.answer)).scalar() is None
    assert _count(db, attachment) == 0
