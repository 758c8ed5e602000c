"""The service figures against real runs of the shipped models
(bpmn/vehicle_dispatch.bpmn, bpmn/facility_repair.bpmn): what the models
write is what engine/report/services.py counts."""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled
from engine.demo.bookings import load_resources
from engine.demo.reference import load_reference
from engine.report import services
from engine.report.period import Period
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_library_services", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
lib_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lib_mod)
at = lib_mod.at

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
REPORTER = Actor("edu.officer", "EDU", frozenset({"officer"}))


@pytest.fixture
def lib(engine, db, clock):
    load_reference(db, with_demo_users=False)
    deploy_checked(engine, lib_mod.library_files())   # model_reports.py
    load_resources(db)
    clock.set(at(2026, 3, 2))
    return lib_mod.Driver(engine, db, clock)


def trip(lib, start, car, driver, **assign):
    cid = lib.start("vehicle_dispatch", {"title": "派車"})
    lib.complete(cid, "request_trip", route="四維行政中心－鳳山行政中心", purpose="公文送達",
                 trip_start=start, trip_end=start.replace("T09", "T12"), passengers=2)
    lib.complete(cid, "assign_trip", dispatch_decision="assign", car_id=car, driver_id=driver, **assign)
    lib.complete(cid, "record_trip", trip_result="returned", mileage_km=42)


def test_trips_driven_through_the_model_are_counted(lib):
    trip(lib, "2026-03-04T09:00", "RBK-2101", "DRV-01", lent_to_agency="EPB")
    trip(lib, "2026-03-05T09:00", "RBK-2101", "DRV-01")
    trip(lib, "2026-04-01T09:00", "RBK-2101", "DRV-01")    # April's trip, requested in March
    with lib.db.connect() as conn:
        cars = services.vehicles(conn, MARCH)
    assert cars == {"trips": 2, "lent": 1, "mileage_km": 84, "cancelled": 0, "refused": 0, "lent_to": {"EPB": 1}}


def test_a_repair_driven_through_the_model_is_counted_by_trade(lib):
    [ref] = start_filled(lib.engine, "facility_repair", [Start({
        "centre": "fengshan", "location": "3樓", "trade": "lift", "subject": "電梯故障",
        "content": "電梯門打不開", "reporter_name": "林小姐", "reporter_phone": "分機 2345"},
        {"title": "設施報修"})], actor=REPORTER)
    cid = ref["id"]
    lib.complete(cid, "triage", trade="lift", urgency="urgent", triage_action="repair")
    lib.complete(cid, "work_order", work_by="contractor", contractor_name="永安電梯公司", work_instructions="檢修")
    lib.complete(cid, "do_repair", work_done="更換繼電器", completed_on="2026-03-03")
    lib.complete(cid, "inspect", inspection_result="passed")
    with lib.db.connect() as conn:
        repairs = services.repairs(conn, MARCH)
    assert repairs["by_trade"] == {"lift": {"received": 1, "completed": 1, "cancelled": 0, "contractor": 1,
                                            "in_house": 0, "reopened": 0}}
    assert repairs["by_centre"] == {"fengshan": 1}
