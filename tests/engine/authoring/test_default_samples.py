"""The test-run as the analyst first gets it: every shipped model, run with
the sample values the page pre-fills (engine/authoring/sample.py) and nothing
changed, reaches its end, or waits only for a date a timer names and then
reaches it once the clock may advance. Before, four stopped: the car trip and
the room booking ended when they started and named no car or room, the
repair's inspection was refused to the one who reported the repair (not_by),
and the inspection's "another shop?" was answered yes for ever."""
from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from engine.authoring import sample_forms
from engine.authoring.sample import prefill, sample_value
from engine.authoring.testrun import Plan, run
from engine.time.clock import TAIPEI

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
FILES = {p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")}
TEXTS = {n: d.decode("utf-8") for n, d in FILES.items()}
KEYS = sorted(m for d in TEXTS.values()
              for m in re.findall(r'<bpmn:process id="(\w+)"[^>]*isExecutable="true"', d))
# A Monday afternoon: a sample booked at 09:00 of the day received would lie in the past.
AFTERNOON = datetime(2026, 3, 2, 15, 30, tzinfo=TAIPEI)


def default_plan(key: str, received: datetime = AFTERNOON, **over) -> Plan:
    start, tasks = prefill(TEXTS, key, received.date().isoformat())
    return Plan(FILES, key, received, start, tasks, max_seconds=60, **over)


def test_every_shipped_process_is_run():
    assert len(KEYS) == 10 and {"vehicle_dispatch", "venue_booking", "facility_repair",
                                "consumer_inspection"} <= set(KEYS)


@pytest.mark.parametrize("key", KEYS)
def test_the_default_test_run_reaches_the_end(key):
    result = run(default_plan(key), isolate=False)
    assert result.error is None, (result.error.element_id, result.error.message, result.error.errors)
    if result.status == "waiting":   # only for a date to come (the visit day): no step is left undone
        assert result.waiting and {w["kind"] for w in result.waiting} == {"timer"}, result.waiting
        result = run(default_plan(key, advance_timers=True), isolate=False)
    assert result.status == "completed", (result.status, result.visited[-5:])
    assert result.case["status"] == "completed"


def test_the_four_that_stopped_now_take_their_ordinary_path():
    trip = run(default_plan("vehicle_dispatch"), isolate=False)
    assert trip.data["car_id"] == "RBK-2101" and trip.data["outcome"] == "returned", trip.data
    assert trip.data["trip_start"] == "2026-03-03T09:00:00+08:00"   # the next morning, not this past one
    room = run(default_plan("venue_booking"), isolate=False)
    assert room.data["outcome"] == "used" and room.data["room_id"] == "SW-R1"
    shops = run(default_plan("consumer_inspection"), isolate=False)
    assert [s.element_id for s in shops.steps].count("record_shop") == 1
    repair = run(default_plan("facility_repair"), isolate=False)
    who = {s.element_id: s.who for s in repair.steps if s.who}
    assert who["do_repair"].startswith("test-run ") and who["inspect"].startswith("test-run-2 ")


def test_a_timer_already_due_fires_without_advancing_the_clock():
    """The panel meets at 09:30 of the sample day: received at 15:30 the
    meeting is over and the run goes on; received at 08:00 it waits for it."""
    late = run(default_plan("temp_staff_review"), isolate=False)
    assert late.status == "completed", late.waiting
    early = run(default_plan("temp_staff_review", AFTERNOON.replace(hour=8)), isolate=False)
    assert early.status == "waiting"
    assert [(w["element_id"], w["due_at"].astimezone(TAIPEI).strftime("%H:%M"))
            for w in early.waiting] == [("wait_meeting", "09:30")]


@pytest.mark.parametrize("key", KEYS)
def test_the_samples_speak_chinese(key):
    """A zh-TW analyst reads 測試 in a text box and in the case title, never 「測試 test」."""
    forms = sample_forms.read(TEXTS, key)
    fields = forms.start + [f for t in forms.tasks for f in t.fields]
    texts = [sample_value(f, "2026-03-02", None) for f in fields if f.type in ("text", "textarea")
             and not f.resource]
    start, _tasks = prefill(TEXTS, key, "2026-03-02")
    assert not [t for t in [*texts, start["title"]] if re.search(r"[A-Za-z]", t)], (texts, start["title"])
