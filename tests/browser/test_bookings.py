"""Car dispatch and venue booking from the web, as the people do it.

An environmental-protection officer asks for a car from 開案; the
department's dispatcher opens the assignment, sees the taken car marked with
the booking that holds it, picks it anyway and is told beside the field, in
zh-TW, which case holds it and when; another car goes through. A meeting
room is booked, approved by the department's supervisor, then cancelled:
the administrator's page shows the room free again."""
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import case, task
from engine.demo.bookings import load_resources
from webapp import users
from webtest_support import PASSWORD

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
IDS = ("assign_trip", "dispatch_decision", "resource_taken", "vehicle_dispatch", "venue_booking",
       "record_use", "sihwei", "DRV-0", "SW-R")
DOA = Actor("doa1", "DOA", frozenset({"officer"}))


@pytest.fixture
def library(live_server, db, clock):
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    load_resources(db)
    with db.begin() as conn:
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
    return rt


def open_task(db, case_id, element):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.element_id == element,
            task.c.state == "ready")).scalar_one()


def booked_trip(rt, db) -> str:
    """Sedan 1 and driver 1 on Wednesday morning for a public-works trip."""
    pwb = Actor("pwb1", "PWB", frozenset({"officer"}))
    ref = rt.start_case("vehicle_dispatch", {"title": "派車：四維－旗山"}, actor=pwb)
    rt.complete(open_task(db, ref["id"], "request_trip"), pwb, {
        "route": "四維行政中心－旗山區公所", "purpose": "災後道路會勘", "passengers": 3,
        "trip_start": "2026-03-04T09:00", "trip_end": "2026-03-04T12:00"})
    rt.complete(open_task(db, ref["id"], "assign_trip"), DOA, {
        "dispatch_decision": "assign", "car_id": "RBK-2101", "driver_id": "DRV-01"})
    return ref["number"]


def no_ids(page):
    text = page.inner_text("main")
    assert not [i for i in IDS if i in text], text


def test_a_car_request_colliding_with_a_booking_names_it_to_the_dispatcher(
        library, db, login, live_server, accessible, shot):
    holder = booked_trip(library, db)
    page = login("epb1")
    page.click("nav a:has-text('開案')")
    page.click(".start-choices a:has-text('公務車派車申請')")
    page.fill("#f-route", "四維行政中心－大寮焚化廠")
    page.fill("#f-purpose", "焚化廠空污稽查")
    page.fill("#f-trip_start", "2026-03-04T10:30")
    page.fill("#f-trip_end", "2026-03-04T15:00")
    page.fill("#f-passengers", "4")
    accessible(page)
    shot(page, "car-1-request")
    page.click("button:has-text('送出開案')")
    assert "已開案" in page.inner_text("h1")
    number = page.inner_text("table.started tbody td a").strip()

    page = login("doa1")
    page.click(".tabs a:has-text('機關待領')")
    page.click(f"tr:has-text('{number}') >> text=指派車輛及駕駛")
    page.click("button:has-text('領取')")
    options = page.locator("#f-car_id option").all_inner_texts()
    taken = next(o for o in options if o.startswith("RBK-2101"))
    assert f"已由案件 {holder} 預約" in taken and "115/03/04 09:00–12:00" in taken
    assert options.index(taken) > options.index(next(o for o in options if o.startswith("RBK-2102")))
    page.select_option("#f-dispatch_decision", "assign")
    page.select_option("#f-car_id", "RBK-2101")
    page.select_option("#f-driver_id", "DRV-02")
    page.click("button:has-text('完成')")
    error = page.inner_text("#f-car_id-err")
    assert f"RBK-2101 公務轎車（一） 此時段已由案件 {holder} 預約（115/03/04 09:00–12:00）" in error, error
    no_ids(page)
    accessible(page)
    shot(page, "car-2-dispatcher-sees-the-collision")
    page.select_option("#f-car_id", "RBK-2102")
    page.click("button:has-text('完成')")
    assert "已完成" in page.inner_text(".flash")
    page.goto(f"{live_server}/cases/{number}")
    page.wait_for_selector(".djs-container", timeout=10000)   # the diagram drawn from the model
    assert "出車及還車登記" in page.inner_text("main")          # the open step, in words
    no_ids(page)
    accessible(page)
    shot(page, "car-3-case-page")


def test_a_room_booked_approved_then_cancelled_is_free_again(
        library, db, login, live_server, accessible, shot):
    page = login("epb1")
    page.click("nav a:has-text('開案')")
    page.click(".start-choices a:has-text('會議室及場地借用')")
    page.select_option("#f-room_id", "SW-R2")
    page.select_option("#f-booking_kind", "meeting")
    page.fill("#f-purpose", "空品改善專案會議")
    page.fill("#f-starts_at", "2026-03-10T14:00")
    page.fill("#f-ends_at", "2026-03-10T16:00")
    page.fill("#f-attendees", "18")
    accessible(page)
    shot(page, "room-1-request")
    page.click("button:has-text('送出開案')")
    assert "已開案" in page.inner_text("h1")
    number = page.inner_text("table.started tbody td a").strip()
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id).where(case.c.number == number)).scalar_one()

    boss = login("doaboss")
    boss.goto(f"{live_server}/tasks/{open_task(db, case_id, 'approve_booking')}")
    assert "審核場地借用" in boss.inner_text("main")
    boss.click("button:has-text('領取')")
    boss.select_option("#f-approval", "approve")
    boss.click("button:has-text('完成')")
    assert "已完成" in boss.inner_text(".flash")

    admin = login("admin")
    admin.goto(f"{live_server}/admin/resources/SW-R2")
    assert number in admin.inner_text("#bookings") and "115/03/10 14:00–16:00" in admin.inner_text("#bookings")

    page = login("doa1")
    page.goto(f"{live_server}/tasks/{open_task(db, case_id, 'record_use')}")
    page.click("button:has-text('領取')")
    page.select_option("#f-use_result", "cancelled")
    page.fill("#f-use_note", "專案會議延期")
    accessible(page)
    page.click("button:has-text('完成')")
    assert "已完成" in page.inner_text(".flash")

    admin.goto(f"{live_server}/admin/resources/SW-R2")
    assert "近期沒有預約，可供使用" in admin.inner_text("main")
    accessible(admin)
    shot(admin, "room-2-free-again")
    admin.click(".tabs a:has-text('車輛、駕駛及場地')")
    row = admin.inner_text("tr[data-resource='SW-R2']")
    assert "四維行政中心 第二會議室" in row and "使用中" in row and number not in row
    assert "RBK-2101" in admin.inner_text("#resources-car")
    accessible(admin)
    shot(admin, "room-3-admin-resources")
