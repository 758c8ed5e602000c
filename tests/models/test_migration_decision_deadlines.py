"""An analyst shortens 道路坑洞破損 from 6 to 5 working days in the routing
table (bpmn/petition_routing.dmn), deploys it and moves the open petitions
with "recompute deadlines". The deadline of a petition is not in an
expression the migration can evaluate again: `route` (a businessRuleTask)
looks the days up and the `set_deadline` script turns them into `due_at`,
which `handle` only names. Driven through the engine with the frozen clock.

Received Monday 2026-03-02 09:00: 6 working days end Tuesday 03-10, 5 end
Monday 03-09.
"""
from __future__ import annotations

import json

from sqlalchemy import select

from engine.cases.migration import dryrun
from engine.cases.migration import run as runs
from engine.cases.migration.plan import MigrationPlan
from engine.data.schema import audit, timer

from .conftest import BPMN_DIR, at, day
from .test_petition import new_case, register, reply, worker_for

ROAD_DAYS = '<outputEntry id="r1_o2"><text>6</text></outputEntry>'
ROAD_AGENCY = '<outputEntry id="r1_o0"><text>"PWB"</text></outputEntry>'
ROAD_CO = '<outputEntry id="r1_o1"><text>[]</text></outputEntry>'
SET_DEADLINE_END = "extension_reason = ''</bpmn:script>"
NOTIFY = "extension_reason = ''\nnotify('reminder', to=responsible_agency, due=due_at)</bpmn:script>"


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def routing(days: int = 6, agency: str = "PWB", co: str = "[]") -> str:
    text = (BPMN_DIR / "petition_routing.dmn").read_text(encoding="utf-8")
    text = _once(text, ROAD_DAYS, ROAD_DAYS.replace("6", str(days)))
    text = _once(text, ROAD_CO, ROAD_CO.replace("[]", co))
    return _once(text, ROAD_AGENCY, ROAD_AGENCY.replace("PWB", agency))


def petition(notifying: bool = False) -> str:
    text = (BPMN_DIR / "petition.bpmn").read_text(encoding="utf-8")
    return _once(text, SET_DEADLINE_END, NOTIFY) if notifying else text


def deploy(lib, days=5, agency="PWB", notifying=False, co="[]") -> int:
    files = {"petition.bpmn": petition(notifying).encode("utf-8"),
             "petition_routing.dmn": routing(days, agency, co).encode("utf-8")}
    return lib.engine.deploy(files)[0].version


def road_case(lib, **over):
    cid = new_case(lib)
    register(lib, cid, **over)
    return cid


def dry(lib, cids, version=2, recompute=True):
    plan = MigrationPlan("petition", version, recompute_deadlines=recompute)
    return {v.case_id: v for v in dryrun.dry_run(lib.engine, plan, cids)}


def migrate(lib, cids, version=2, recompute=True):
    plan = MigrationPlan("petition", version, recompute_deadlines=recompute)
    return runs.resume(lib.engine, runs.create_run(lib.engine, plan, cids))


def pending_timers(lib, cid) -> dict:
    with lib.db.connect() as conn:
        rows = conn.execute(select(timer.c.element_id, timer.c.due_at).where(
            timer.c.case_id == cid, timer.c.state == "pending")).all()
    return {r.element_id: day(r.due_at) for r in rows}


def migrate_record(lib, cid) -> dict:
    with lib.db.connect() as conn:
        row = conn.execute(select(audit.c.detail).where(
            audit.c.case_id == cid, audit.c.action == "migrate")).one()
    return json.loads(row.detail)


def test_the_dry_run_shows_each_case_s_deadline_now_and_after_the_move(library):
    road, light = road_case(library), road_case(library, category="street_light")
    deploy(library)
    shown = dry(library, [road, light])
    assert (day(shown[road].due_before), day(shown[road].due_after)) == ("2026-03-10", "2026-03-09")
    assert shown[road].decisions["outcome"] == "changed"
    assert shown[road].decisions["changes"]["deadline_days"] == [6, 5]
    assert shown[road].decisions["changes"]["due_at"][1].startswith("2026-03-09")
    assert (day(shown[light].due_before), day(shown[light].due_after)) == ("2026-03-10", "2026-03-10")
    assert shown[light].decisions == {"outcome": "same", "element": "route"}
    kept = dry(library, [road], recompute=False)[road]
    assert (day(kept.due_before), day(kept.due_after), kept.decisions) == (
        "2026-03-10", "2026-03-10", None)
    # a dry run changes nothing of the case
    assert day(library.task(road, "handle").due_at) == "2026-03-10"
    assert library.wf_data(road)["deadline_days"] == 6
    assert pending_timers(library, road)["handle_overdue_timer"] == "2026-03-10"


def test_recompute_follows_the_changed_decision_table(library):
    road, light = road_case(library), road_case(library, category="street_light")
    deploy(library)
    forecast = dry(library, [road, light])
    assert migrate(library, [road, light])["moved"] == 2
    handle = library.task(road, "handle")
    assert day(handle.due_at) == day(forecast[road].due_after) == "2026-03-09"
    assert day(library.case(road).due_at) == "2026-03-09"
    data = library.wf_data(road)
    assert (data["deadline_days"], data["due_at"][:10]) == (5, "2026-03-09")
    assert data["transfers"] == 0 and data["responsible_agency"] == "PWB"
    assert pending_timers(library, road) == {"handle_reminder_timer": "2026-03-06",
                                             "handle_overdue_timer": "2026-03-09",
                                             "handle_dept_timer": "2026-03-12"}
    assert day(library.task(light, "handle").due_at) == "2026-03-10"     # its rule did not change
    record = migrate_record(library, road)
    assert (record["deadline"]["from"][:10], record["deadline"]["to"][:10]) == (
        "2026-03-10", "2026-03-09")
    assert [(d["element"], d["from"][:10], d["to"][:10]) for d in record["deadlines"]] == [
        ("handle", "2026-03-10", "2026-03-09")]
    assert record["decisions"]["changes"]["deadline_days"] == [6, 5]
    assert migrate_record(library, light)["deadlines"] == []
    assert library.notices(road) == []          # nothing was sent again
    reply(library, road)
    assert library.case(road).status == "completed"


def test_without_recompute_the_deadlines_stay(library):
    road = road_case(library)
    deploy(library)
    migrate(library, [road], recompute=False)
    assert day(library.task(road, "handle").due_at) == "2026-03-10"
    assert library.wf_data(road)["deadline_days"] == 6
    assert pending_timers(library, road)["handle_overdue_timer"] == "2026-03-10"
    record = migrate_record(library, road)
    assert record["deadlines"] == [] and "decisions" not in record


def test_a_case_not_yet_routed_takes_the_new_table_when_it_gets_there(library):
    cid = new_case(library)                      # waits at registration
    deploy(library)
    assert dry(library, [cid])[cid].decisions == {"outcome": "none"}
    migrate(library, [cid])
    register(library, cid)
    assert day(library.task(cid, "handle").due_at) == "2026-03-09"


def test_a_script_that_notifies_is_not_run_again_and_the_case_is_reported(library):
    v_old = deploy(library, days=6, notifying=True)   # set_deadline also tells the agency
    road = road_case(library)
    sent = library.notices(road)
    assert [k for k, _, _ in sent] == ["reminder"]
    v_new = deploy(library, days=5, notifying=True)
    assert v_new == v_old + 1
    shown = dry(library, [road], version=v_new)[road]
    assert shown.movable
    assert shown.decisions == {"outcome": "side_effects", "element": "set_deadline"}
    assert day(shown.due_after) == "2026-03-10"
    migrate(library, [road], version=v_new)
    assert day(library.task(road, "handle").due_at) == "2026-03-10"
    assert library.wf_data(road)["deadline_days"] == 6
    assert library.notices(road) == sent                     # no second notice
    assert migrate_record(library, road)["decisions"]["outcome"] == "side_effects"


def test_a_deadline_a_transfer_set_later_is_kept(library):
    road = road_case(library)
    library.clock.set(at(2026, 3, 4, 10))
    library.complete(road, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責")
    assert day(library.task(road, "handle").due_at) == "2026-03-12"   # 6 days from the transfer
    deploy(library)
    shown = dry(library, [road])[road]
    assert (day(shown.due_before), day(shown.due_after)) == ("2026-03-12", "2026-03-12")
    assert shown.decisions["outcome"] == "changed"
    assert list(shown.decisions["kept"]) == ["due_at"]
    migrate(library, [road])
    assert day(library.task(road, "handle").due_at) == "2026-03-12"
    data = library.wf_data(road)
    assert (data["deadline_days"], data["responsible_agency"], data["transfers"]) == (5, "TRB", 1)
    assert migrate_record(library, road)["deadlines"] == []


def test_a_table_that_routes_the_case_elsewhere_changes_nothing_of_it(library):
    road = road_case(library)
    deploy(library, days=5, agency="TRB")
    shown = dry(library, [road])[road]
    assert shown.decisions["outcome"] == "steers"
    assert day(shown.due_after) == "2026-03-10"
    migrate(library, [road])
    assert library.task(road, "handle").candidate_agency == "PWB"
    assert day(library.task(road, "handle").due_at) == "2026-03-10"
    assert library.wf_data(road)["responsible_agency"] == "PWB"


def test_parallel_co_handling_tasks_follow_the_new_table(library):
    from .test_petition import cross_case
    cid = cross_case(library)                  # 夜市: 10 working days, three co-handling tasks
    assert {day(t.due_at) for t in library.tasks(cid)} == {"2026-03-16"}
    night = '<outputEntry id="r29_o2"><text>10</text></outputEntry>'
    dmn = _once(routing(), night, night.replace("10", "8"))
    library.engine.deploy({"petition.bpmn": petition().encode("utf-8"),
                           "petition_routing.dmn": dmn.encode("utf-8")})
    assert day(dry(library, [cid])[cid].due_after) == "2026-03-12"
    migrate(library, [cid])
    assert {day(t.due_at) for t in library.tasks(cid)} == {"2026-03-12"}
    assert pending_timers(library, cid)["co_overdue_timer"] == "2026-03-12"
    for row in library.tasks(cid):
        library.engine.complete(row.id, worker_for(row), {
            "co_opinion_text": f"{row.candidate_agency} 意見", "co_agrees": True})
    assert day(library.task(cid, "consolidate").due_at) == "2026-03-12"


def test_a_table_that_would_take_the_case_another_way_changes_nothing_of_it(library):
    road = road_case(library)
    deploy(library, days=5, co='["TRB"]')    # now co-handled: `gw_cross` would choose otherwise
    shown = dry(library, [road])[road]
    assert shown.decisions["outcome"] == "steers"
    assert set(shown.decisions["changes"]) >= {"co_agencies", "cross_agency", "due_at"}
    migrate(library, [road])
    assert day(library.task(road, "handle").due_at) == "2026-03-10"
    assert library.wf_data(road)["co_agencies"] == []


def test_the_run_moves_the_case_as_it_is_then_not_as_the_dry_run_saw_it(library):
    road = road_case(library)
    deploy(library)
    assert day(dry(library, [road])[road].due_after) == "2026-03-09"
    library.clock.set(at(2026, 3, 4, 10))       # meanwhile: transferred
    library.complete(road, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責")
    migrate(library, [road])
    assert day(library.task(road, "handle").due_at) == "2026-03-12"
    record = migrate_record(library, road)
    assert record["deadline"]["from"][:10] == record["deadline"]["to"][:10] == "2026-03-12"
