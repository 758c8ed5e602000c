"""A room booking's approval on the task page: the department's supervisor
reads whether the room is asked for a meeting or an event (用途類別, the
model's show_fields) beside the room, time and attendees of the case's
words."""
import pytest
from sqlalchemy import select

from engine.data.schema import case
from engine.demo.bookings import load_resources
from webtest_support import deploy_library, page_text, recalled, work_step


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"])])
    load_resources(db)
    return app


def test_the_approver_reads_whether_a_meeting_or_an_event_is_asked(library, rt, db, client_for):
    resp = client_for("doa1").post("/cases/new/venue_booking", data={
        "room_id": "SW-R1", "booking_kind": "event", "purpose": "檔案管理考評說明會",
        "starts_at": "2026-03-10T14:00", "ends_at": "2026-03-10T16:00", "attendees": "30"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "venue_booking")).scalar_one()
    page = work_step(client_for("doaboss"), rt, cid, "approve_booking", {"approval": "approve"})
    assert recalled(page) == "本案先前登錄的內容 用途類別 活動"
    assert "四維行政中心 第一會議室：115/03/10 14:00 – 16:00（30 人）" in page_text(page)
