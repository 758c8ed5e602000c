"""A facility repair's work order on the task page: whoever issues it reads
the trade and urgency the triage settled (the panel shows no category on
this step) and, when the inspection failed, what failed (the model's
show_fields)."""
import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.data.schema import case
from webapp import users
from webtest_support import PASSWORD, ready_task

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
URGENT = "緊急（影響安全或無法辦公，1個工作天內修復）"


@pytest.fixture
def library(app, rt, db):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
        users.add_user(conn, "doa2", "DOA", ["officer"], PASSWORD)
    return app


def _recalled(page: str) -> str:
    """The text of the page's 本案先前登錄的內容 section ('' when none)."""
    if 'id="cp-recalled-h"' not in page:
        return ""
    part = page[page.index('id="cp-recalled-h"'):]
    part = html.unescape(re.sub(r"<[^>]+>", " ", "<h2 " + part[:part.index("</section>")]))
    return re.sub(r"\s+", " ", part).strip()


def _work(client, rt, case_id, element, data):
    """Claim the case's open `element` on `client`, read its page, complete it."""
    step = ready_task(rt, case_id, element)
    client.post(f"/tasks/{step.id}/claim")
    page = client.get(f"/tasks/{step.id}").get_data(as_text=True)
    resp = client.post(f"/tasks/{step.id}/complete", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    return _recalled(page)


def test_the_work_order_shows_the_triage_and_what_failed_the_inspection(library, rt, db, client_for):
    officer, fitter, chief = client_for("doa1"), client_for("doa2"), client_for("doaboss")
    resp = officer.post("/cases/new/facility_repair", data={
        "centre": "sihwei", "location": "3樓東側", "trade": "civil", "subject": "電梯停擺",
        "content": "三號電梯卡在三樓，按鈕無反應", "reporter_name": "李大同", "reporter_phone": "分機 1234"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "facility_repair")).scalar_one()
    assert _work(officer, rt, cid, "triage", {"trade": "lift", "urgency": "urgent",
                                              "triage_action": "repair"}) == ""
    order = {"work_by": "contractor", "contractor_name": "永安電梯公司", "work_instructions": "檢修控制盤"}
    first = _work(officer, rt, cid, "work_order", order)
    assert first == f"本案先前登錄的內容 工種 電梯 緊急程度 {URGENT} 不合格情形 未登錄"
    _work(fitter, rt, cid, "do_repair", {"work_done": "更換控制盤繼電器", "completed_on": "2026-03-02"})
    _work(chief, rt, cid, "inspect", {"inspection_result": "failed", "inspection_notes": "運轉仍有異音"})
    again = _work(officer, rt, cid, "work_order", order)
    assert again == f"本案先前登錄的內容 工種 電梯 緊急程度 {URGENT} 不合格情形 運轉仍有異音"
