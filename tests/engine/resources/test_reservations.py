"""Reservations: an overlap is refused naming the booking that holds the
resource; ranges are half-open; released reservations free the resource; an
inactive resource is not offered or reserved; availability lists free first."""
from datetime import datetime, timezone

import pytest

from engine.demo.bookings import load_resources
from engine.resources import catalogue, reservations
from engine.resources.reservations import ReservationRefused

from .booking_support import assign_task, deploy_dispatch

NOW = datetime(2026, 3, 2, 1, tzinfo=timezone.utc)


@pytest.fixture
def cases(engine, db):
    deploy_dispatch(engine)
    load_resources(db)
    return [assign_task(engine, db, "2026-03-04T09:00", "2026-03-04T10:00")[0] for _ in range(3)]


def reserve(db, case_id, start, end, code="SW-R1"):
    with db.begin() as conn:
        return reservations.reserve(conn, code=code, case_id=case_id, starts_at=start,
                                    ends_at=end, now=NOW)


def test_an_overlap_is_refused_naming_the_case_and_its_time(db, cases):
    made = reserve(db, cases[0], "2026-03-10T14:00", "2026-03-10T16:00")
    assert (made["resource"], made["starts_at"]) == ("SW-R1", "2026-03-10T14:00:00+08:00")
    with pytest.raises(ReservationRefused) as err:
        reserve(db, cases[1], "2026-03-10T15:59+08:00", "2026-03-10T18:00+08:00")
    assert err.value.code == "resource_taken"
    with db.connect() as conn:
        from engine.data.schema import case
        from sqlalchemy import select
        number = conn.execute(select(case.c.number).where(case.c.id == cases[0])).scalar()
    assert {k: err.value.params[k] for k in ("resource", "number", "starts_at", "ends_at")} == {
        "resource": "SW-R1", "number": number, "starts_at": "2026-03-10T14:00:00+08:00",
        "ends_at": "2026-03-10T16:00:00+08:00"}
    assert number in err.value.message


def test_touching_ranges_and_other_rooms_do_not_collide(db, cases):
    reserve(db, cases[0], "2026-03-10T14:00", "2026-03-10T16:00")
    reserve(db, cases[1], "2026-03-10T16:00", "2026-03-10T17:00")
    reserve(db, cases[2], "2026-03-10T14:00", "2026-03-10T16:00", code="SW-R2")


def test_released_reservations_free_the_resource(db, cases):
    reserve(db, cases[0], "2026-03-10T14:00", "2026-03-10T16:00")
    with db.begin() as conn:
        assert reservations.release_case(conn, cases[0], NOW) == 1
        assert reservations.release_case(conn, cases[0], NOW) == 0
    reserve(db, cases[1], "2026-03-10T14:00", "2026-03-10T16:00")


def test_an_empty_range_or_an_unknown_or_inactive_resource_is_refused(db, cases):
    with pytest.raises(ReservationRefused) as err:
        reserve(db, cases[0], "2026-03-10T16:00", "2026-03-10T16:00")
    assert err.value.code == "bad_range"
    with pytest.raises(ReservationRefused) as err:
        reserve(db, cases[0], "2026-03-10T14:00", "2026-03-10T16:00", code="NOPE")
    assert err.value.code == "resource_unknown"
    with db.begin() as conn:
        catalogue.set_active(conn, "SW-R3", False, "admin", NOW)
    with pytest.raises(ReservationRefused):
        reserve(db, cases[0], "2026-03-10T14:00", "2026-03-10T16:00", code="SW-R3")


def test_availability_lists_the_free_first_and_the_taken_with_their_booking(db, cases):
    reserve(db, cases[0], "2026-03-10T14:00", "2026-03-10T16:00", code="FS-R1")
    with db.connect() as conn:
        pairs = reservations.availability(conn, "room", "2026-03-10T15:00", "2026-03-10T15:30",
                                          centre="fengshan")
        upcoming = reservations.upcoming(conn, catalogue.get(conn, "FS-R1").id, NOW)
    assert [(r.code, held is not None) for r, held in pairs] == [
        ("FS-HALL", False), ("FS-PLAZA", False), ("FS-R2", False), ("FS-R1", True)]
    assert pairs[-1][1]["case_id"] == cases[0]
    assert [u["case_id"] for u in upcoming] == [cases[0]]
