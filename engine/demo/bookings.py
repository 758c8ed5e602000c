"""Demo data for the department's car dispatch and venue booking: the
reference cars, drivers and rooms (bpmn/reference/resources.json) and a
realistic half-year of trips and bookings (the 2020 report counts 401 car
trips and 1,043 room bookings with 113 events a year at the two centres).
"""
from __future__ import annotations

from .reference import REFERENCE_DIR, read_json
from engine.resources import catalogue


def resource_rows(directory=REFERENCE_DIR) -> list[dict]:
    return read_json("resources.json", directory)["resources"]


def load_resources(db, directory=REFERENCE_DIR) -> int:
    """Add the reference resources not there yet; how many were added."""
    with db.begin() as conn:
        return catalogue.load(conn, resource_rows(directory))
