"""A car trip's return on the task page: whoever records the trip reads to
which bureau the car was lent (the model's show_fields) beside the car and
driver of the timeline. An ordinary trip lends to nobody: the field applied
(`when`) but stayed empty, and the panel leaves it out rather than read
未登錄, as if the dispatcher had forgotten it."""
import pytest
from sqlalchemy import select

from engine.data.schema import case
from engine.demo.bookings import load_resources
from webtest_support import deploy_library, recalled, work_step

LENT = "借用機關（出借他機關時）"


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"]), ("doa2", "DOA", ["officer"])])
    load_resources(db)
    return app


def _trip_to_record(client_for, rt, db, **assignment) -> str:
    """A trip requested and assigned: the page of its 出車及還車登記."""
    resp = client_for("doa1").post("/cases/new/vehicle_dispatch", data={
        "route": "四維行政中心－鳳山行政中心", "purpose": "市政會議資料送達",
        "trip_start": "2026-03-04T09:00", "trip_end": "2026-03-04T12:00", "passengers": "3"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "vehicle_dispatch")).scalar_one()
    work_step(client_for("doa2"), rt, cid, "assign_trip", {
        "dispatch_decision": "assign", "car_id": "RBK-2101", "driver_id": "DRV-01", **assignment})
    return work_step(client_for("doa1"), rt, cid, "record_trip", {
        "trip_result": "returned", "mileage_km": "42"})


def test_a_car_lent_to_another_bureau_names_it_at_the_return(library, rt, db, client_for):
    page = _trip_to_record(client_for, rt, db, lent_to_agency="EPB")
    assert recalled(page) == f"本案先前登錄的內容 {LENT} 環境保護局"
    assert "EPB" not in recalled(page)                 # the agency by its name, never its code


def test_an_ordinary_trip_shows_no_lending(library, rt, db, client_for):
    page = _trip_to_record(client_for, rt, db)
    assert LENT not in page and "未登錄" not in recalled(page)
    assert recalled(page) == ""                        # nothing else recalled: no section
