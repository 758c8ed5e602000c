"""Every path of bpmn/venue_booking.bpmn: a room requested (held at once
through the service task, refused beside the room naming the colliding
booking), approved by a supervisor who did not ask, used; cancelled after
approval (the room free again); refused (released)."""
import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.errors import Forbidden, InvalidData
from engine.data.schema import reservation
from engine.demo.bookings import load_resources

from .conftest import at, day


@pytest.fixture
def lib(library):
    load_resources(library.db)
    library.clock.set(at(2026, 3, 2))
    return library


def request(lib, room="SW-R1", start="2026-03-10T14:00", end="2026-03-10T16:00", kind="meeting"):
    cid = lib.start("venue_booking", {"title": "場地借用"})
    lib.complete(cid, "request_venue", room_id=room, booking_kind=kind, purpose="檔案管理考評說明會",
                 starts_at=start, ends_at=end, attendees=30)
    return cid


def states(lib, cid):
    with lib.db.connect() as conn:
        return conn.execute(select(reservation.c.state).where(reservation.c.case_id == cid)
                            ).scalars().all()


def test_a_booking_is_held_approved_and_used(lib):
    cid = request(lib, kind="event")
    assert states(lib, cid) == ["held"]
    approval = lib.task(cid, "approve_booking")
    assert (approval.candidate_agency, approval.candidate_role) == ("DOA", "supervisor")
    assert day(approval.due_at) == "2026-03-04"
    lib.complete(cid, "approve_booking", approval="approve")
    assert day(lib.task(cid, "record_use").due_at) == "2026-03-11"
    lib.complete(cid, "record_use", use_result="used", actual_attendees=28)
    data = lib.data(cid)
    assert {k: data[k] for k in ("room_id", "booking_kind", "starts_at", "ends_at", "attendees",
                                 "outcome")} == {
        "room_id": "SW-R1", "booking_kind": "event", "starts_at": "2026-03-10T14:00:00",
        "ends_at": "2026-03-10T16:00:00", "attendees": 30, "outcome": "used"}
    assert states(lib, cid) == ["held"]   # the calendar keeps what took place


def test_an_overlapping_request_is_refused_beside_the_room(lib):
    first = request(lib)
    second = lib.start("venue_booking", {"title": "場地借用"})
    with pytest.raises(InvalidData) as refused:
        lib.complete(second, "request_venue", room_id="SW-R1", booking_kind="meeting",
                     purpose="業務會報", starts_at="2026-03-10T15:30", ends_at="2026-03-10T17:00",
                     attendees=12)
    err = refused.value.errors["room_id"]
    assert (err.code, err.params["number"]) == ("resource_taken", lib.case(first).number)
    assert lib.open_elements(second) == ["request_venue"]


def test_approved_then_cancelled_frees_the_room(lib):
    cid = request(lib)
    lib.complete(cid, "approve_booking", approval="approve")
    lib.complete(cid, "record_use", use_result="cancelled", use_note="會議取消")
    assert (states(lib, cid), lib.data(cid)["outcome"]) == (["released"], "cancelled")
    again = request(lib)
    assert states(lib, again) == ["held"]


def test_a_refused_booking_releases_the_room(lib):
    cid = request(lib)
    lib.complete(cid, "approve_booking", approval="refuse", refusal_reason="當日場地保養")
    assert (states(lib, cid), lib.data(cid)["outcome"]) == (["released"], "refused")


def test_nobody_approves_their_own_booking(lib):
    cid = lib.start("venue_booking", {"title": "場地借用"})
    me = Actor("doa.supervisor", "DOA", frozenset({"supervisor", "officer"}))
    row = lib.task(cid, "request_venue")
    lib.engine.complete(row.id, me, {"room_id": "FS-R1", "booking_kind": "meeting",
                                     "purpose": "區政座談", "starts_at": "2026-03-12T09:00",
                                     "ends_at": "2026-03-12T11:00", "attendees": 10})
    with pytest.raises(Forbidden):
        lib.engine.complete(lib.task(cid, "approve_booking").id, me, {"approval": "approve"})


def test_a_room_too_small_for_the_attendees_is_refused_beside_the_room(lib):
    cid = lib.start("venue_booking", {"title": "場地借用"})
    with pytest.raises(InvalidData) as refused:
        lib.complete(cid, "request_venue", room_id="SW-R3", booking_kind="event", purpose="說明會",
                     starts_at="2026-03-10T14:00", ends_at="2026-03-10T16:00", attendees=60)
    err = refused.value.errors["room_id"]
    assert (err.code, err.params["capacity"], err.params["needed"]) == ("resource_too_small", 16, 60)
