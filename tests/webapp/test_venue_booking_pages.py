"""A room booking's approval on the task page: the department's supervisor
reads whether the room is asked for a meeting or an event (用途類別, the
model's show_fields) beside the room, time and attendees of the case's
words."""
import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.data.schema import case
from engine.demo.bookings import load_resources
from webapp import users
from webtest_support import PASSWORD, ready_task

BPMN = Path(__file__).resolve().parents[2] / "bpmn"


@pytest.fixture
def library(app, rt, db):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    load_resources(db)
    with db.begin() as conn:
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
    return app


def _text(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def _recalled(page: str) -> str:
    """The text of the page's 本案先前登錄的內容 section."""
    part = page[page.index('id="cp-recalled-h"'):]
    return _text("<h2 " + part[:part.index("</section>")])


def test_the_approver_reads_whether_a_meeting_or_an_event_is_asked(library, rt, db, client_for):
    resp = client_for("doa1").post("/cases/new/venue_booking", data={
        "room_id": "SW-R1", "booking_kind": "event", "purpose": "檔案管理考評說明會",
        "starts_at": "2026-03-10T14:00", "ends_at": "2026-03-10T16:00", "attendees": "30"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "venue_booking")).scalar_one()
    chief = client_for("doaboss")
    step = ready_task(rt, cid, "approve_booking")
    chief.post(f"/tasks/{step.id}/claim")
    page = chief.get(f"/tasks/{step.id}").get_data(as_text=True)
    assert _recalled(page) == "本案先前登錄的內容 用途類別 活動"
    assert "四維行政中心 第一會議室：115/03/10 14:00 – 16:00（30 人）" in _text(page)
    resp = chief.post(f"/tasks/{step.id}/complete", data={"approval": "approve"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
