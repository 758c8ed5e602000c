"""What the analyst sets in the test-run's start data is what the case runs
with: a task's sample data (pre-filled, or the form's defaults when none is
given) does not set a start field back (district CITY over D-QIJIN)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from engine.authoring.sample import prefill
from engine.authoring.testrun import Plan, run
from engine.time.clock import TAIPEI

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI)
FILES = {n: (BPMN / n).read_bytes() for n in ("petition.bpmn", "petition_routing.dmn")}
HANDLE = dict(handling_action="reply", reply_text="已修復。", legal_basis="市區道路條例")


def plan(start, tasks):
    return Plan(files=FILES, process_key="petition", received_at=MONDAY, start_data=start,
                task_data=tasks)


def test_the_prefilled_tasks_leave_out_what_the_start_data_gives():
    start, tasks = prefill({n: d.decode() for n, d in FILES.items()}, "petition", "2026-03-02")
    assert {"district", "category"} <= set(start)
    assert all(k not in start for form in tasks.values() for k in form), tasks


def test_a_start_district_is_kept_with_the_prefilled_task_data():
    start, tasks = prefill({n: d.decode() for n, d in FILES.items()}, "petition", "2026-03-02")
    start.update(district="D-QIJIN", category="local_affairs")
    result = run(plan(start, {**tasks, "handle": HANDLE}))
    assert result.data["district"] == "D-QIJIN", result.error
    (route,) = [d for d in result.decisions if d.element_id == "route"]
    assert route.rules == ["rule_25"]   # the district office's row, not the city-wide one


def test_a_start_field_is_kept_when_the_task_gets_only_some_fields_or_none():
    start = {"title": "坑洞", "channel": "letter", "subject": "坑洞", "content": "旗津路面坑洞",
             "category": "road_damage", "district": "D-QIJIN", "language": "zh_TW",
             "art173_ground": "none"}
    for register in ({}, {"subject": "旗津坑洞"}):
        result = run(plan(start, {"register": register, "handle": HANDLE}))
        assert result.status == "completed" and result.data["district"] == "D-QIJIN", result.error
    given = run(plan(start, {"register": {"district": "D-GUSHAN"}, "handle": HANDLE}))
    assert given.data["district"] == "D-GUSHAN"   # what the analyst writes for the task still wins
