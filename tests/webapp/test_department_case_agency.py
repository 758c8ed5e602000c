"""A car trip and a room booking name their 主辦機關 on the case page: the
Department of Administration (行政暨國際處), never "—"."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import task
from engine.demo.bookings import load_resources
from webtest_support import ROOT

EPB = Actor("epb1", "EPB", frozenset({"officer"}))
REQUESTS = {
    "vehicle_dispatch": ("request_trip", {
        "route": "四維行政中心－大寮焚化廠", "purpose": "焚化廠空污稽查", "passengers": 4,
        "trip_start": "2026-03-04T10:30", "trip_end": "2026-03-04T15:00"}),
    "venue_booking": ("request_venue", {
        "room_id": "SW-R1", "booking_kind": "meeting", "purpose": "空污稽查協調會",
        "starts_at": "2026-03-10T14:00", "ends_at": "2026-03-10T16:00", "attendees": 20}),
}


@pytest.fixture
def booking_models(rt, db):
    rt.deploy({n: (ROOT / "bpmn" / f"{n}.bpmn").read_bytes() for n in REQUESTS})
    load_resources(db)
    return rt


def _requested(rt, db, key) -> str:
    element, form = REQUESTS[key]
    ref = rt.start_case(key, {"title": form["purpose"]}, actor=EPB)
    with db.connect() as conn:
        task_id = conn.execute(select(task.c.id).where(
            task.c.case_id == ref["id"], task.c.element_id == element)).scalar_one()
    rt.complete(task_id, EPB, form)
    return ref["number"]


def _agency_shown(html: str) -> str:
    found = re.search(r"<dt>主辦機關</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert found, "no 主辦機關 on the page"
    return found.group(1).strip()


@pytest.mark.parametrize("key", sorted(REQUESTS))
def test_the_case_page_names_the_department_as_responsible(booking_models, db, client_for, key):
    number = _requested(booking_models, db, key)
    for viewer in ("epb1", "doaboss"):   # the requester and the department
        html = client_for(viewer).get(f"/cases/{number}").get_data(as_text=True)
        assert _agency_shown(html) == "行政暨國際處", viewer
