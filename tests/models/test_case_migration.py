"""Moving open petitions to a newer version (engine/cases/migration), with the
shipped model and a frozen clock: v2 changes the handling deadline, adds a
field to the handling form and a review step before the reply."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from engine.cases.migration import dryrun
from engine.cases.migration import run as runs
from engine.cases.migration.plan import MigrationPlan, outline
from engine.data.schema import audit, case, timer

from .conftest import day
from .petition_versions import files, petition_read_back_timer, petition_renamed, petition_v2
from .test_petition import cross_case, new_case, register, reply, worker_for


def deploy(lib, text=None):
    return lib.engine.deploy(files(text or petition_v2()))[0].version


def migrate(lib, version=2, **over):
    plan = MigrationPlan("petition", version, **over)
    with lib.db.connect() as conn:
        ids = dryrun.chosen_cases(conn, plan)
    run_id = runs.create_run(lib.engine, plan, ids)
    return run_id, runs.resume(lib.engine, run_id)


def version_of(lib, cid):
    with lib.db.connect() as conn:
        from engine.data.schema import process_definition as pd
        return conn.execute(select(pd.c.version).join(case, case.c.definition_id == pd.c.id)
                            .where(case.c.id == cid)).scalar()


def timers(lib, cid):
    with lib.db.connect() as conn:
        return {r.element_id: r.due_at for r in conn.execute(
            select(timer).where(timer.c.case_id == cid, timer.c.state == "pending"))}


def test_a_case_at_a_plain_user_task_moves_and_takes_the_new_step(library):
    cid = new_case(library)
    register(library, cid)
    handle = library.task(cid, "handle")
    library.engine.claim(handle.id, worker_for(handle))
    handle, before = library.task(cid, "handle"), timers(library, cid)
    deploy(library)
    _, done = migrate(library)
    assert done == {"pending": 0, "moved": 1, "refused": 0, "total": 1, "state": "finished"}
    assert version_of(library, cid) == 2
    after = library.task(cid, "handle")
    assert (after.id, after.assignee, after.due_at) == (handle.id, handle.assignee, handle.due_at)
    assert timers(library, cid) == before           # boundary timer instants kept
    reply(library, cid, inspection_note="已現場勘查")
    assert library.open_elements(cid) == ["review_reply"]
    library.complete(cid, "review_reply", review_note="同意")
    assert library.case(cid).status == "completed"
    assert library.data(cid)["inspection_note"] == "已現場勘查"
    # the frozen clock completes both at one instant: their order is not defined
    assert sorted(library.completed_elements(cid)) == ["handle", "register", "review_reply"]
    with library.db.connect() as conn:
        row = conn.execute(select(audit).where(audit.c.case_id == cid,
                                               audit.c.action == "migrate")).one()
    assert json.loads(row.detail)["from_version"] == 1 and json.loads(row.detail)["to_version"] == 2


def test_deadlines_are_kept_unless_the_plan_recomputes_them_from_the_new_model(library):
    kept, recomputed = new_case(library), new_case(library)
    for cid in (kept, recomputed):
        register(library, cid)
    deploy(library)
    plan = MigrationPlan("petition", 2)
    runs.resume(library.engine, runs.create_run(library.engine, plan, [kept]))
    plan.recompute_deadlines = True
    runs.resume(library.engine, runs.create_run(library.engine, plan, [recomputed]))
    assert day(library.task(kept, "handle").due_at) == "2026-03-10"        # v1: due_at (6 days)
    assert day(library.task(recomputed, "handle").due_at) == "2026-03-06"  # v2: working_days(4)
    assert day(library.case(recomputed).due_at) == "2026-03-06"


@pytest.fixture
def delivering(library):
    """A phone-only petitioner's reply waits to be delivered, with its overdue timer."""
    from .test_petition_delivery import PHONE_ONLY, REGISTER
    cid = library.start("petition", {"title": "水溝堵塞"}, petitioner=dict(PHONE_ONLY))
    library.complete(cid, "register", **REGISTER)
    library.complete(cid, "read_back", read_back_text="巷口水溝堵塞", read_back_confirmed=True)
    library.complete(cid, "handle", handling_action="reply", reply_text="已派員清疏。",
                     legal_basis="下水道法")
    return cid


def test_a_boundary_timer_keeps_its_instant_and_still_fires(library, delivering):
    before = timers(library, delivering)
    assert list(before) == ["deliver_overdue_timer"]
    library.advance(hours=5)          # the timer counts from when the task began, not from now
    deploy(library)
    migrate(library)
    assert version_of(library, delivering) == 2
    assert timers(library, delivering) == before
    library.advance(days=2)
    assert [k for k, _, _ in library.notices(delivering)] == ["escalation"]
    library.complete(delivering, "deliver_reply", delivery_method="phone", delivery_note="已宣讀")
    assert library.case(delivering).status == "completed"


def test_parallel_co_handling_branches_keep_their_opinions(library):
    cid = cross_case(library)
    first = library.tasks(cid)[0]
    library.engine.complete(first.id, worker_for(first),
                            {"co_opinion_text": "遷移前意見", "co_agrees": True})
    deploy(library)
    migrate(library)
    assert version_of(library, cid) == 2
    rest = library.tasks(cid)
    assert len(rest) == 2 and {t.element_id for t in rest} == {"co_opinion_task"}
    for row in rest:
        library.engine.complete(row.id, worker_for(row), {
            "co_opinion_text": f"{row.candidate_agency} 意見", "co_agrees": True})
    opinions = library.wf_data(cid)["co_opinions"]
    texts = sorted(str(o) for o in (opinions.values() if isinstance(opinions, dict) else opinions))
    assert len(texts) == 3 and any("遷移前意見" in t for t in texts)
    library.complete(cid, "consolidate", consolidated_opinion="彙整", agencies_agree=True)
    reply(library, cid)
    assert library.open_elements(cid) == ["review_reply"]


def test_a_case_in_its_second_handling_round_moves(library):
    cid = new_case(library)
    register(library, cid)
    library.complete(cid, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責")
    assert library.task(cid, "handle").candidate_agency == "TRB"
    deploy(library)
    migrate(library)
    reply(library, cid)
    assert library.open_elements(cid) == ["review_reply"]
    assert library.data(cid)["transfers"] == 1


def test_a_case_at_a_removed_element_is_refused_until_mapped(library):
    oral = new_case(library)
    register(library, oral, channel="phone")
    assert library.open_elements(oral) == ["read_back"]
    deploy(library, petition_renamed())
    plan = MigrationPlan("petition", 2)
    with library.db.connect() as conn:
        shown = outline(conn, library.engine.specs, plan)
    assert [(u["element"], u["cases"]) for u in shown["unmapped"]] == [("read_back", 1)]
    assert "read_back_record" in [eid for eid, _ in shown["choices"]]
    [verdict] = dryrun.dry_run(library.engine, plan, [oral])
    assert (verdict.code, verdict.params, verdict.waiting) == (
        "unmapped_element", {"element": "read_back"}, ["read_back"])
    _, done = migrate(library)
    assert (done["refused"], version_of(library, oral)) == (1, 1)
    assert library.open_elements(oral) == ["read_back"]          # untouched
    mapping = {"read_back": "read_back_record"}
    [verdict] = dryrun.dry_run(library.engine, MigrationPlan("petition", 2, mapping=mapping), [oral])
    assert verdict.movable
    _, done = migrate(library, mapping=mapping)
    assert (done["moved"], version_of(library, oral)) == (1, 2)
    library.complete(oral, "read_back_record", read_back_text="口述內容", read_back_confirmed=True)
    assert library.open_elements(oral) == ["handle"]


def test_a_timer_added_to_the_step_a_case_is_at_is_refused_not_left_unarmed(library):
    oral, later = new_case(library), new_case(library)
    register(library, oral, channel="phone")
    register(library, later)                       # a letter: past read-back already
    deploy(library, petition_read_back_timer())
    [at_step, past] = dryrun.dry_run(library.engine, MigrationPlan("petition", 2), [oral, later])
    assert (at_step.code, at_step.params) == ("boundary_changed", {"element": "read_back"})
    assert past.movable
    _, done = migrate(library)
    assert (done["moved"], done["refused"]) == (1, 1)
    assert (version_of(library, oral), version_of(library, later)) == (1, 2)
    assert library.open_elements(oral) == ["read_back"]          # untouched


def test_an_interrupted_migration_resumes_where_it_stopped(library):
    cases = [new_case(library) for _ in range(3)]
    for cid in cases:
        register(library, cid)
    deploy(library)
    plan = MigrationPlan("petition", 2)
    run_id = runs.create_run(library.engine, plan, cases)

    def crash(result, progress):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        runs.resume(library.engine, run_id, on_case=crash)
    progress = runs.progress_of(library.db, run_id)
    assert (progress["moved"], progress["pending"], progress["state"]) == (1, 2, "running")
    assert [version_of(library, c) for c in cases] == [2, 1, 1]
    done = runs.resume(library.engine, run_id)
    assert done == {"pending": 0, "moved": 3, "refused": 0, "total": 3, "state": "finished"}


def test_closed_cases_and_cases_already_moved_are_not_movable(library):
    cid = new_case(library)
    register(library, cid)
    reply(library, cid)
    deploy(library)
    [verdict] = dryrun.dry_run(library.engine, MigrationPlan("petition", 2), [cid])
    assert verdict.code == "case_closed"


def test_a_case_waiting_for_a_message_moves_and_still_receives_it(library):
    from .petition_versions import consumer_v2
    from .test_consumer_complaint import new_case as complaint
    cid = complaint(library, "first_complaint")
    library.engine.deploy(consumer_v2())
    plan = MigrationPlan("consumer_complaint", 2)
    runs.resume(library.engine, runs.create_run(library.engine, plan, [cid]))
    assert version_of(library, cid) == 2
    assert library.task(cid, "business_response").name.startswith("登錄企業經營者回覆")
    library.engine.send_message(cid, "business_reply", {"reply": "僅退一半", "properly_handled": False})
    assert library.open_elements(cid) == ["consumer_next"]
    assert library.data(cid)["business_reply"] == "僅退一半"


def test_a_new_required_field_needs_a_value_for_cases_past_it(library):
    from .petition_versions import petition_with_new_required_field
    cid = new_case(library)
    register(library, cid)
    deploy(library, petition_with_new_required_field())
    plan = MigrationPlan("petition", 2)
    with library.db.connect() as conn:
        needed = outline(conn, library.engine.specs, plan)["new_required"]
    assert [(n["name"], n["element"]) for n in needed] == [("identity_check", "register")]
    [verdict] = dryrun.dry_run(library.engine, plan, [cid])
    assert (verdict.code, verdict.params) == (
        "missing_variable", {"name": "identity_check", "element": "register"})
    _, done = migrate(library, defaults={"identity_check": "舊案未查核"})
    assert done["moved"] == 1
    assert library.wf_data(cid)["identity_check"] == "舊案未查核"


def test_a_case_on_a_newer_version_is_never_moved_back(library):
    cid = new_case(library)
    register(library, cid)
    deploy(library)
    deploy(library, petition_v3())
    migrate(library, version=3)
    run_id = runs.create_run(library.engine, MigrationPlan("petition", 2), [cid])
    assert runs.resume(library.engine, run_id)["refused"] == 1
    assert version_of(library, cid) == 3


def petition_v3():
    """v2 with the review step renamed on screen: a third version."""
    return petition_v2().replace("主管覆核答覆", "主管覆核回覆")


def test_a_case_that_fails_midway_stays_whole_on_its_version_and_the_others_go_on(
        library, monkeypatch):
    from engine.cases.migration import transplant
    broken, fine = new_case(library), new_case(library)
    for cid in (broken, fine):
        register(library, cid)
    before = library.task(broken, "handle")
    deploy(library)
    real = transplant.fill_defaults

    def explode(wf, defaults):
        if wf.last_task.data.get("case_number") == library.case(broken).number:
            raise RuntimeError("disk full")
        return real(wf, defaults)
    monkeypatch.setattr(transplant, "fill_defaults", explode)
    run_id, done = migrate(library)
    assert (done["moved"], done["refused"]) == (1, 1)
    [failed] = [r for r in runs.results(library.db, run_id) if r.state == "refused"]
    assert (failed.case_id, failed.reason_code) == (broken, "failed")
    assert (version_of(library, broken), version_of(library, fine)) == (1, 2)
    assert library.task(broken, "handle").id == before.id
    monkeypatch.undo()
    reply(library, broken)                    # still runs on version 1: no review step
    assert library.case(broken).status == "completed"
