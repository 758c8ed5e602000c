"""A month of every process written as case rows (tests/engine/report/
case_rows.py): March 2026 with a few cases of each, and one February car
trip, each holding a petitioner's name, phone, address and free text."""
from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path

from engine.time.clock import TAIPEI

_spec = importlib.util.spec_from_file_location(
    "case_rows_web", Path(__file__).resolve().parents[1] / "engine" / "report" / "case_rows.py")
rows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rows)
PERSONAL = rows.PERSONAL
DAY = datetime(2026, 3, 10, 9, 0, tzinfo=TAIPEI)


def plant_march(db) -> None:
    with db.begin() as conn:
        _petitions(conn)
        _consumer_council_audit(conn)
        _services(conn)


def _petitions(conn):
    add = rows.add_case
    add(conn, "petition", DAY, {"due_at": "2026-03-20T17:00:00+08:00", "replied_at": "2026-03-12T10:00:00+08:00",
                                "content": PERSONAL["text"]}, agency="PWB", channel="letter", category="street_light")
    add(conn, "petition", DAY, {"due_at": "2026-03-20T17:00:00+08:00"}, status="open", agency="EPB",
        channel="phone", category="noise")


def _consumer_council_audit(conn):
    add = rows.add_case
    add(conn, "consumer_complaint", DAY, {"request_type": "consultation"}, category="travel")
    add(conn, "consumer_complaint", DAY, {"request_type": "first_complaint",
                                          "first_complaint_at": "2026-03-10T09:00:00+08:00"}, category="travel")
    add(conn, "council_resolution", DAY, {"meeting_number": 480, "meeting_date": "2026-03-03",
                                          "tracking_since": "2026-03-03T10:00:00+08:00"},
        status="open", agency="PWB")
    add(conn, "records_audit", DAY, {"audit_year": 115, "offices_audited": 3, "grade_excellent": 1, "grade_a": 2,
                                     "grade_b": 0, "grade_c": 0, "reinspections_planned": 0,
                                     "results_at": "2026-03-20T10:00:00+08:00"})


def _services(conn):
    add = rows.add_case
    for start, lent in (("2026-03-02T08:00:00+08:00", ""), ("2026-03-03T08:00:00+08:00", "TOUR"),
                        ("2026-02-27T08:00:00+08:00", "")):
        add(conn, "vehicle_dispatch", DAY, {"trip_start": start, "trip_end": start, "car_id": "KCG-001",
                                            "driver_id": "driver01", "mileage_km": 18, "lent_to_agency": lent,
                                            "outcome": "returned"})
    for kind in ("meeting", "meeting", "event"):
        add(conn, "venue_booking", DAY, {"room_id": "R-1", "booking_kind": kind,
                                         "starts_at": "2026-03-05T14:00:00+08:00", "outcome": "used"})
    for trade in ("civil", "lift", "civil"):
        add(conn, "facility_repair", DAY, {"trade": trade, "centre": "sihwei", "work_by": "contractor",
                                           "reopen_count": 0, "outcome": "completed"})
    add(conn, "temp_staff_review", DAY, {"requesting_agency": "EPB", "budget_source": "公務預算",
                                         "staff_kind": "hourly", "headcount": 528, "decision": "approved"})
    add(conn, "document_exchange_signup", DAY, {"organisation_name": PERSONAL["name"] + "協會",
                                                "decision": "approved"})
    add(conn, "consumer_inspection", DAY, {"competent_agency": "DOH", "items": PERSONAL["text"],
                                           "shops_inspected": 28, "shops_nonconforming": 2, "referred_ftc": 1,
                                           "outcome": "referred"})
