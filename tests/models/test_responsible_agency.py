"""Every department model names its 主辦機關 (responsible_agency) in the BPMN
from the moment the case starts, so the case page and the lists never show
"—": the Department of Administration's cars, rooms, repairs, temporary
staff and document exchange, the Consumer Protection Office's inspections."""
import pytest

from engine.demo.bookings import load_resources

from .conftest import at
from .test_vehicle_dispatch import assign, request as request_car
from .test_venue_booking import request as request_room

OWNERS = {"vehicle_dispatch": "DOA", "venue_booking": "DOA", "facility_repair": "DOA",
          "temp_staff_review": "DOA", "document_exchange_signup": "DOA",
          "consumer_inspection": "CPO"}


@pytest.fixture
def lib(library):
    load_resources(library.db)
    library.clock.set(at(2026, 3, 2))
    return library


@pytest.mark.parametrize("key", sorted(OWNERS))
def test_a_new_case_belongs_to_its_agency_before_its_first_form(lib, key):
    cid = lib.start(key, {"title": "主辦機關"})
    assert lib.case(cid).responsible_agency == OWNERS[key]


def test_a_car_trip_stays_with_the_department_to_its_return(lib):
    cid = request_car(lib)
    assert lib.case(cid).responsible_agency == "DOA"
    assign(lib, cid)
    lib.complete(cid, "record_trip", trip_result="returned", mileage_km=12)
    done = lib.case(cid)
    assert (done.status, done.responsible_agency) == ("completed", "DOA")


def test_a_room_booking_stays_with_the_department_once_approved(lib):
    cid = request_room(lib)
    assert lib.case(cid).responsible_agency == "DOA"
    lib.complete(cid, "approve_booking", approval="approve")
    assert lib.case(cid).responsible_agency == "DOA"
