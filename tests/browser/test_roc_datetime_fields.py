"""An officer booking a room types the time as officials write it
(115/03/10 14:00), not in the browser's 03/10/2026, 02:00 PM picker; a time
she mistypes is explained beside the field in zh-TW, the good one is shown
back as she typed it, and the booking holds the room at that Taipei time."""
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.runtime import Engine
from engine.data.schema import case
from engine.demo.bookings import load_resources
from engine.resources import reservations
from engine.time.clock import parse_iso
from webapp.roc_dates import TAIPEI

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"


@pytest.fixture
def library(live_server, db, clock):
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    load_resources(db)
    return rt


def test_a_room_is_booked_with_roc_date_and_time(library, db, login, live_server, accessible, shot):
    page = login("epb1")
    page.goto(f"{live_server}/cases/new/venue_booking")
    start = page.locator("#f-starts_at")
    assert start.get_attribute("type") == "text"
    assert "115/03/10 14:00" in page.inner_text("#f-starts_at-hint")
    page.select_option("#f-room_id", "SW-R2")
    page.select_option("#f-booking_kind", "meeting")
    page.fill("#f-purpose", "空品改善專案會議")
    start.fill("115/03/10 14:00")
    page.fill("#f-ends_at", "115/03/10 1600")
    page.fill("#f-attendees", "18")
    page.evaluate("document.querySelector('form').noValidate = true")   # the server's own check
    page.click("button:has-text('送出開案')")
    assert "請輸入正確的日期與時間" in page.inner_text("#f-ends_at-err")
    assert page.input_value("#f-starts_at") == "115/03/10 14:00"
    assert page.input_value("#f-ends_at") == "115/03/10 1600"
    accessible(page)
    shot(page, "roc-datetime-1-mistyped-end")

    page.fill("#f-ends_at", "115/03/10 16:00")
    page.click("button:has-text('送出開案')")
    assert "已開案" in page.inner_text("h1")
    number = page.inner_text("table.started tbody td a").strip()
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.number == number)).scalar_one()
        held = reservations.of_case(conn, case_id)
    taipei = [(parse_iso(b["starts_at"]).astimezone(TAIPEI), parse_iso(b["ends_at"]).astimezone(TAIPEI))
              for b in held]
    assert [(s.isoformat(), e.isoformat()) for s, e in taipei] == \
        [("2026-03-10T14:00:00+08:00", "2026-03-10T16:00:00+08:00")]
    shot(page, "roc-datetime-2-started")
