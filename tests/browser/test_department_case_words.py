"""What the department's staff read of the new processes' cases: the inbox's
類別 column names the trade of a repair (the model declares which field),
the triage officer sees who reported the fault and their extension, and the
case timeline names a service step by its own name and says what it did."""
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import task
from engine.demo.bookings import load_resources
from webapp import users
from webtest_support import PASSWORD

pytestmark = pytest.mark.browser
BPMN = Path(__file__).resolve().parents[2] / "bpmn"
EDU = Actor("edu1", "EDU", frozenset({"officer"}))
DOA = Actor("doa1", "DOA", frozenset({"officer"}))
PWB = Actor("pwb1", "PWB", frozenset({"officer"}))


@pytest.fixture
def library(live_server, db, clock):
    rt = Engine(db, clock)
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    load_resources(db)
    with db.begin() as conn:
        users.add_user(conn, "edu1", "EDU", ["officer"], PASSWORD)
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
    return rt


def open_task(db, case_id, element):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.element_id == element,
            task.c.state == "ready")).scalar_one()


def test_triage_officer_sees_the_trade_in_the_inbox_and_who_reported(
        library, db, login, live_server, accessible, shot):
    ref = library.start_case("facility_repair", {"title": "設施報修：西側電梯停在7樓"}, actor=EDU)
    library.complete(open_task(db, ref["id"], "report_fault"), EDU, {
        "centre": "sihwei", "location": "7樓 西側電梯", "trade": "lift", "subject": "西側電梯停在7樓",
        "content": "電梯停在7樓，門打不開。", "reporter_name": "林美華", "reporter_phone": "分機 2345"})
    page = login("doa1")
    page.click(".tabs a:has-text('機關待領')")
    row = page.locator(f"tr:has-text('{ref['number']}')")
    assert row.locator("td[data-label='類別']").inner_text().strip() == "電梯"
    accessible(page)
    shot(page, "case-words-1-inbox-category")
    row.locator("text=分派工種").click()
    contact = page.inner_text(".cp-contact")
    assert "報修人" in contact and "林美華" in contact
    assert "聯絡電話或分機" in contact and "分機 2345" in contact
    accessible(page)
    shot(page, "case-words-2-triage-reporter")


def test_timeline_names_the_reservation_step_and_what_it_held(
        library, db, login, live_server, accessible, shot):
    ref = library.start_case("vehicle_dispatch", {"title": "派車：四維－旗山"}, actor=PWB)
    library.complete(open_task(db, ref["id"], "request_trip"), PWB, {
        "route": "四維行政中心－旗山區公所", "purpose": "災後道路會勘", "passengers": 3,
        "trip_start": "2026-03-04T09:00", "trip_end": "2026-03-04T12:00"})
    library.complete(open_task(db, ref["id"], "assign_trip"), DOA, {
        "dispatch_decision": "assign", "car_id": "RBK-2101", "driver_id": "DRV-01"})
    page = login("doa1")
    page.goto(f"{live_server}/cases/{ref['number']}")
    timeline = page.inner_text(".cp-timeline")
    assert "預約車輛" in timeline and "系統處理（預約）" not in timeline
    assert "已預約 RBK-2101 公務轎車（一），115/03/04 09:00–12:00" in timeline, timeline
    accessible(page)
    shot(page, "case-words-3-timeline")
