"""A test-run books the cars, drivers and rooms in service
(engine/authoring/sample_resources.py): the model's example (RBK-2101) when
it is, else the first one that is, so a retired car never stops the run on
"no resource … in service"; with none of a kind, no sample at all."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from engine.authoring import sample_forms
from engine.authoring.sample import samples
from engine.authoring.sample_resources import fitted, in_service
from engine.authoring.testrun import Plan, run
from engine.models.meta import Field
from engine.time.clock import TAIPEI

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
KEY = "vehicle_dispatch"
FILES = {f"{KEY}.bpmn": (BPMN / f"{KEY}.bpmn").read_bytes()}
RECEIVED = datetime(2026, 3, 2, 15, 30, tzinfo=TAIPEI)
COLUMNS = ("kind", "code", "name_zh", "name_en", "centre", "capacity")
ROWS = [{k: r.get(k) for k in COLUMNS}
        for r in json.loads((BPMN / "reference" / "resources.json").read_text())["resources"]]
CAR = Field("car_id", "choice", resource="car", example="RBK-2101")


def _retired(*codes: str) -> list[dict]:
    return [{**r, "active": r["code"] not in codes} for r in ROWS]


def test_the_example_is_kept_while_it_is_in_service_else_the_first_that_is():
    [car] = fitted([CAR], _retired())
    assert car.example == "RBK-2101" and car.choices[0][:2] == ["RBK-2101", "RBK-2101 公務轎車（一）"]
    [car] = fitted([CAR], _retired("RBK-2101"))
    assert car.example == "RBK-2102" and "RBK-2101" not in [c[0] for c in car.choices]
    assert [c[0] for c in car.choices] == [r["code"] for r in in_service(_retired("RBK-2101"), "car")]


def test_with_none_in_service_there_is_no_sample_and_without_rows_the_model_says():
    cars = [r["code"] for r in ROWS if r["kind"] == "car"]
    [car] = fitted([CAR], _retired(*cars))
    assert car.choices == [] and car.example is None
    assert fitted([CAR], None) == [CAR]


def test_a_run_with_the_examples_retired_books_others_and_ends():
    rows = _retired("RBK-2101", "DRV-01")
    start, tasks = samples(sample_forms.read(FILES, KEY), RECEIVED.date().isoformat(), rows)
    assert (tasks["assign_trip"]["car_id"], tasks["assign_trip"]["driver_id"]) == ("RBK-2102", "DRV-02")
    for given in (tasks, {}):   # the JSON's samples, or none: the run's own samples
        result = run(Plan(FILES, KEY, RECEIVED, start, given, resources=rows), isolate=False)
        assert result.status == "completed", result.error
