"""engine/report/services.py: the department's service figures counted from
case rows holding the variable contract (the models land in parallel), on
the period's days in Asia/Taipei."""
from __future__ import annotations

import importlib.util
from datetime import date, datetime
from pathlib import Path

import pytest

from engine.cases.queries import Viewer
from engine.report.period import Period, period_report
from engine.report import services
from engine.time.clock import TAIPEI

_spec = importlib.util.spec_from_file_location("case_rows", Path(__file__).with_name("case_rows.py"))
rows = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rows)

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
DAY = datetime(2026, 3, 10, 9, 0, tzinfo=TAIPEI)


def trip(start, outcome="returned", lent="", km=10):
    return {"trip_start": start, "trip_end": start, "car_id": "CAR-1", "driver_id": "drv7",
            "mileage_km": km, "lent_to_agency": lent, "outcome": outcome}


@pytest.fixture
def march(db):
    with db.begin() as conn:
        for data in (trip("2026-03-01", km=12.5), trip("2026-03-31T23:30:00+08:00", lent="TB", km="7"),
                     trip("2026-03-15T08:00:00+08:00", lent="SWB"), trip("2026-03-16T08:00", "cancelled"),
                     trip("2026-03-17T08:00", "refused"), trip("2026-04-01T00:00:00+08:00"),
                     trip("2026-02-28T23:59:00+08:00")):
            rows.add_case(conn, "vehicle_dispatch", DAY, data)
        for kind, outcome, starts in (("meeting", "used", "2026-03-02T09:00:00+08:00"),
                                      ("meeting", "used", "2026-03-03"), ("event", "used", "2026-03-04"),
                                      ("event", "cancelled", "2026-03-05"), ("event", "used", "2026-04-05")):
            rows.add_case(conn, "venue_booking", DAY, {"room_id": "R1", "booking_kind": kind,
                                                       "starts_at": starts, "outcome": outcome})
        for trade, by, reopen, outcome, centre in (
                ("civil", "contractor", 0, "completed", "sihwei"), ("civil", "in_house", 2, "completed", "fengshan"),
                ("lift", "contractor", "1", "cancelled", "sihwei")):
            rows.add_case(conn, "facility_repair", DAY, {"trade": trade, "centre": centre, "work_by": by,
                                                         "reopen_count": reopen, "outcome": outcome})
        rows.add_case(conn, "facility_repair", datetime(2026, 4, 1, tzinfo=TAIPEI),
                      {"trade": "civil", "outcome": "completed"})
        for kind, heads, decision, meeting in (("monthly", 4, "approved", "2026-03-12"),
                                               ("hourly", 528, "approved", "2026-03-12"),
                                               ("hourly", 30, "rejected", "2026-03-26")):
            rows.add_case(conn, "temp_staff_review", DAY, {
                "requesting_agency": "EPB", "budget_source": "公務預算", "staff_kind": kind,
                "headcount": heads, "decision": decision, "meeting_date": meeting})
        rows.add_case(conn, "temp_staff_review", datetime(2026, 4, 1, 9, tzinfo=TAIPEI),
                      {"requesting_agency": "EPB", "meeting_date": "2026-04-09"}, status="open")
        for decision in ("approved", "approved", "rejected"):
            rows.add_case(conn, "document_exchange_signup", DAY,
                          {"organisation_name": "社團法人高雄市某協會", "decision": decision})
        rows.add_case(conn, "document_exchange_signup", DAY, {"organisation_name": "某協會"}, status="open")
        for shops, bad, ftc, outcome in ((30, 2, 0, "closed"), (39, 5, 3, "referred")):
            rows.add_case(conn, "consumer_inspection", DAY, {
                "competent_agency": "HB", "items": "口罩價格", "shops_inspected": shops,
                "shops_nonconforming": bad, "referred_ftc": ftc, "outcome": outcome})
    return db


def test_car_trips_counted_on_their_start_day(march):
    with march.connect() as conn:
        cars = services.vehicles(conn, MARCH)
    assert cars == {"trips": 3, "lent": 2, "mileage_km": 29.5, "cancelled": 1, "refused": 1,
                    "lent_to": {"TB": 1, "SWB": 1}}


def test_venue_bookings_by_kind(march):
    with march.connect() as conn:
        venues = services.venues(conn, MARCH)
    assert venues["by_kind"] == {"meeting": {"used": 2, "cancelled": 0, "refused": 0},
                                 "event": {"used": 1, "cancelled": 1, "refused": 0}}
    assert venues["totals"] == {"used": 3, "cancelled": 1, "refused": 0}


def test_repairs_by_trade_and_centre(march):
    with march.connect() as conn:
        repairs = services.repairs(conn, MARCH)
    assert repairs["by_trade"]["civil"] == {"received": 2, "completed": 2, "cancelled": 0,
                                            "contractor": 1, "in_house": 1, "reopened": 1}
    assert repairs["by_trade"]["lift"]["reopened"] == 1   # "1" as a form keeps it
    assert repairs["totals"]["received"] == 3
    assert repairs["by_centre"] == {"sihwei": 2, "fengshan": 1}


def test_repairs_done_by_contractor_and_in_house_add_up_to_those_completed(march):
    """An open repair already given to its worker, a cancelled one that had
    a work order: neither is completed, so neither counts by who did it
    (walked: 181 in house + 147 by contractor beside 308 completed)."""
    with march.begin() as conn:
        for by, outcome, status in (("in_house", None, "open"), ("contractor", None, "open")):
            rows.add_case(conn, "facility_repair", DAY, {"trade": "civil", "centre": "sihwei", "work_by": by,
                                                         "reopen_count": 0, "outcome": outcome}, status=status)
        repairs = services.repairs(conn, MARCH)
    for counts in (repairs["totals"], *repairs["by_trade"].values()):
        assert counts["contractor"] + counts["in_house"] == counts["completed"]
    assert repairs["totals"] == {"received": 5, "completed": 2, "cancelled": 1, "contractor": 1,
                                 "in_house": 1, "reopened": 2}


def test_temp_staff_document_exchange_and_inspections(march):
    with march.connect() as conn:
        staff = services.temp_staff(conn, MARCH)
        docex = services.document_exchange(conn, MARCH)
        checks = services.inspections(conn, MARCH)
    assert staff["totals"] == {"reviews": 3, "approved": 2, "rejected": 1, "monthly": 4, "hourly": 528}
    assert staff["meetings"] == 2   # two panel days in March, one in April
    assert docex == {"signups": 4, "approved": 2, "rejected": 1, "open": 1}
    assert checks["totals"] == {"inspections": 2, "shops_inspected": 69, "shops_nonconforming": 7,
                                "referred_ftc": 3, "referred": 1}


def test_in_the_report_for_the_department_only(march):
    now = datetime(2026, 4, 2, tzinfo=TAIPEI)
    with march.connect() as conn:
        dept = period_report(conn, Viewer("doaboss", "DOA", frozenset({"supervisor"})), MARCH.start, MARCH.end, now)
        pwb = period_report(conn, Viewer("pwbboss", "PWB", frozenset({"supervisor"})), MARCH.start, MARCH.end, now)
        cpo = period_report(conn, Viewer("cpoboss", "CPO", frozenset({"supervisor"})), MARCH.start, MARCH.end, now)
    assert dept["services"]["vehicles"]["trips"] == 3 and dept["inspections"]["totals"]["inspections"] == 2
    assert pwb["services"] is None and pwb["inspections"] is None
    assert cpo["services"] is None and cpo["inspections"]["totals"]["shops_inspected"] == 69


def test_an_approved_sign_up_still_open_is_not_also_under_review(march):
    """Approved, its account being set up: counted once, so approved +
    rejected + undecided is the sign-ups received (walked: 22 + 3 + 4 = 29 of 28)."""
    with march.begin() as conn:
        rows.add_case(conn, "document_exchange_signup", DAY,
                      {"organisation_name": "某公會", "decision": "approved"}, status="open")
        docex = services.document_exchange(conn, MARCH)
    assert docex == {"signups": 5, "approved": 3, "rejected": 1, "open": 1}
    assert docex["approved"] + docex["rejected"] + docex["open"] == docex["signups"]
