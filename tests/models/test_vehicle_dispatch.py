"""Every path of bpmn/vehicle_dispatch.bpmn: a trip requested, the dispatcher
assigning a car and a driver (reserved through the service task, refused
naming the colliding booking), the return with its mileage, a cancelled trip
releasing its car, a trip that cannot be served."""
import pytest
from sqlalchemy import select

from engine.data.errors import InvalidData
from engine.data.schema import reservation
from engine.demo.bookings import load_resources

from .conftest import at, day


@pytest.fixture
def lib(library):
    load_resources(library.db)
    library.clock.set(at(2026, 3, 2))
    return library


def request(lib, start="2026-03-04T09:00", end="2026-03-04T12:00", route="四維行政中心－鳳山行政中心"):
    cid = lib.start("vehicle_dispatch", {"title": f"派車：{route}"})
    lib.complete(cid, "request_trip", route=route, purpose="市政會議資料送達", trip_start=start,
                 trip_end=end, passengers=3)
    return cid


def assign(lib, cid, car="RBK-2101", driver="DRV-01", **more):
    lib.complete(cid, "assign_trip", dispatch_decision="assign", car_id=car, driver_id=driver, **more)


def held(lib, cid):
    with lib.db.connect() as conn:
        return conn.execute(select(reservation.c.state).where(reservation.c.case_id == cid)
                            .order_by(reservation.c.id)).scalars().all()


def test_a_trip_is_assigned_driven_and_returned_with_its_mileage(lib):
    cid = request(lib)
    task = lib.task(cid, "assign_trip")
    assert (task.candidate_agency, task.candidate_role) == ("DOA", "officer")
    assert day(task.due_at) == "2026-03-03"
    free = lib.wf_data(cid)["free_cars"]
    assert {"RBK-2101", "KKA-0520"} <= {c["code"] for c in free}
    assign(lib, cid, lent_to_agency="EPB")
    assert held(lib, cid) == ["held", "held"]
    assert day(lib.task(cid, "record_trip").due_at) == "2026-03-05"
    lib.complete(cid, "record_trip", trip_result="returned", mileage_km=42)
    data = lib.data(cid)
    assert lib.case(cid).status == "completed"
    assert {k: data[k] for k in ("car_id", "driver_id", "mileage_km", "lent_to_agency", "outcome",
                                 "trip_start", "trip_end", "route", "passengers")} == {
        "car_id": "RBK-2101", "driver_id": "DRV-01", "mileage_km": 42, "lent_to_agency": "EPB",
        "outcome": "returned", "trip_start": "2026-03-04T09:00:00", "trip_end": "2026-03-04T12:00:00",
        "route": "四維行政中心－鳳山行政中心", "passengers": 3}
    assert "service_call" in lib.audit_actions(cid)


def test_a_car_taken_by_an_overlapping_trip_is_refused_naming_the_booking(lib):
    first = request(lib)
    assign(lib, first)
    second = request(lib, start="2026-03-04T11:00", end="2026-03-04T15:00")
    with pytest.raises(InvalidData) as refused:
        assign(lib, second, driver="DRV-02")
    err = refused.value.errors["car_id"]
    assert err.code == "resource_taken"
    assert err.params["number"] == lib.case(first).number
    assert (err.params["starts_at"], err.params["ends_at"]) == (
        "2026-03-04T09:00:00+08:00", "2026-03-04T12:00:00+08:00")
    assert held(lib, second) == []   # nothing of the refused command stayed
    assign(lib, second, car="RBK-2102", driver="DRV-02")
    assert held(lib, second) == ["held", "held"]


def test_a_driver_taken_refuses_the_whole_assignment(lib):
    first = request(lib)
    assign(lib, first)
    second = request(lib, start="2026-03-04T10:00", end="2026-03-04T11:00")
    with pytest.raises(InvalidData) as refused:
        assign(lib, second, car="RBK-2103", driver="DRV-01")
    assert list(refused.value.errors) == ["driver_id"]
    assert held(lib, second) == []   # the car reserved first was rolled back with it


def test_back_to_back_trips_do_not_collide(lib):
    assign(lib, request(lib))
    later = request(lib, start="2026-03-04T12:00", end="2026-03-04T17:00")
    assign(lib, later)
    assert held(lib, later) == ["held", "held"]


def test_a_cancelled_trip_releases_its_car_and_driver(lib):
    cid = request(lib)
    assign(lib, cid)
    lib.complete(cid, "record_trip", trip_result="cancelled", trip_note="會議延期")
    assert held(lib, cid) == ["released", "released"]
    assert lib.data(cid)["outcome"] == "cancelled"
    other = request(lib)
    assign(lib, other)   # the same car and driver at the same time: free again
    assert held(lib, other) == ["held", "held"]


def test_a_trip_that_cannot_be_served_is_refused(lib):
    cid = request(lib)
    lib.complete(cid, "assign_trip", dispatch_decision="refuse", refusal_reason="當日車輛均已出借")
    assert (lib.case(cid).status, lib.data(cid)["outcome"]) == ("completed", "refused")
    assert held(lib, cid) == []


def test_a_return_before_the_departure_is_refused_beside_the_return_time(lib):
    cid = lib.start("vehicle_dispatch", {"title": "派車"})
    with pytest.raises(InvalidData) as refused:
        lib.complete(cid, "request_trip", route="市府－議會", purpose="送公文",
                     trip_start="2026-03-04T12:00", trip_end="2026-03-04T09:00", passengers=1)
    assert refused.value.errors["trip_end"].code == "bad_range"


def test_a_late_return_record_is_reminded(lib):
    cid = request(lib)
    assign(lib, cid)
    lib.advance(days=4)
    assert [n[:2] for n in lib.notices(cid)] == [("reminder", "doa@city.example")]


def test_an_administrator_cancelling_the_case_releases_its_car(lib):
    from engine.cases.cancellation import cancel_case
    from engine.cases.actors import Actor
    cid = request(lib)
    assign(lib, cid)
    cancel_case(lib.engine, cid, "重複申請", Actor("admin", "DOA", frozenset({"admin"})))
    assert held(lib, cid) == ["released", "released"]
    assign(lib, request(lib))   # the same car and driver at the same time: free again
