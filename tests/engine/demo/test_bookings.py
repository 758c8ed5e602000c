"""engine/demo/bookings.py: car trips and room bookings in the demo, started
through their start forms, with free cars, drivers and rooms picked as the
forms offer them, and the case data the council report and the open data
read (the variable contract); no two held bookings of a resource overlap."""
import json
from itertools import combinations

from sqlalchemy import select

from engine.data.schema import case, reservation
from engine.demo.bookings import PROCESSES, counts

CONTRACT = {"vehicle_dispatch": {"trip_start", "trip_end", "car_id", "driver_id", "route", "passengers",
                                 "lent_to_agency", "outcome"},
            "venue_booking": {"room_id", "booking_kind", "starts_at", "ends_at", "attendees", "outcome"}}


def test_volumes_follow_the_seed_half_year_scaled_to_the_demo():
    assert counts(2500, 189) == {"vehicle_dispatch": 401, "venue_booking": 1043}
    assert counts(250, 120) == {"vehicle_dispatch": 25, "venue_booking": 66}


def test_demo_books_cars_and_rooms_without_overlaps(demo):
    stats, db = demo.stats, demo.db
    assert stats.errors == 0
    assert stats.started["vehicle_dispatch"] == counts(demo.cases, demo.days)["vehicle_dispatch"]
    assert stats.started["venue_booking"] >= 0.9 * counts(demo.cases, demo.days)["venue_booking"]
    with db.connect() as conn:
        rows = conn.execute(select(case.c.process_key, case.c.status, case.c.summary)
                            .where(case.c.process_key.in_(PROCESSES))).all()
        held = conn.execute(select(reservation.c.resource_id, reservation.c.starts_at,
                                   reservation.c.ends_at).where(reservation.c.state == "held")).all()
    done = [(key, json.loads(summary)) for key, status, summary in rows if status == "completed"]
    for key, data in done:
        assert CONTRACT[key] <= set(data), (key, data)
    trips = [d for k, d in done if k == "vehicle_dispatch"]
    assert {d["outcome"] for d in trips} >= {"returned"}
    assert all(isinstance(d["mileage_km"], int) for d in trips if d["outcome"] == "returned")
    assert any(d["lent_to_agency"] for d in trips)
    bookings = [d for k, d in done if k == "venue_booking"]
    assert {d["outcome"] for d in bookings} >= {"used"}
    assert {d["booking_kind"] for d in bookings} == {"meeting", "event"}
    assert any(status == "open" for _, status, _ in rows)
    for a, b in combinations(held, 2):
        assert a.resource_id != b.resource_id or a.ends_at <= b.starts_at or b.ends_at <= a.starts_at
