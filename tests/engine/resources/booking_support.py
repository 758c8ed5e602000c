"""Cases of the shipped car dispatch model waiting for their assignment."""
from pathlib import Path

from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import task

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
REQUESTER = Actor("epb.officer", "EPB", frozenset({"officer"}))


def deploy_dispatch(engine):
    engine.deploy({name: (BPMN / name).read_bytes()
                   for name in ("vehicle_dispatch.bpmn", "venue_booking.bpmn")})


def open_task(db, case_id, element):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.element_id == element,
            task.c.state == "ready")).scalar_one()


def assign_task(engine, db, start, end) -> tuple[int, str]:
    """(case id, its assign_trip task id) of a trip requested for start-end."""
    ref = engine.start_case("vehicle_dispatch", {"title": "派車"}, actor=REQUESTER)
    engine.complete(open_task(db, ref["id"], "request_trip"), REQUESTER, {
        "route": "四維行政中心－岡山", "purpose": "會勘", "trip_start": start, "trip_end": end,
        "passengers": 2})
    return ref["id"], open_task(db, ref["id"], "assign_trip")
