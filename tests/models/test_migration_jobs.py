"""Migration runs asked for from the web page are worked by the scheduler:
exactly one of several racing processes claims a requested run, and a run
whose process died resumes by itself once its lease lapses. Shipped petition
model, frozen clock."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from engine.cases.actors import Actor
from engine.cases.migration import dryrun, jobs
from engine.cases.migration import run as runs
from engine.cases.migration.plan import MigrationPlan
from engine.data.schema import audit
from engine.scheduling import migration_jobs

from .petition_versions import files, petition_renamed, petition_v2
from .test_petition import new_case, register

ANALYST = Actor("analyst", "RDEC", frozenset({"analyst"}))


def _cases_and_v2(lib, n, text=None):
    ids = []
    for _ in range(n):
        cid = new_case(lib)
        register(lib, cid)          # waits at 'handle'
        ids.append(cid)
    lib.engine.deploy(files(text or petition_v2()))
    return ids


def _request(lib, dry=False, **over):
    plan = MigrationPlan("petition", 2, **over)
    with lib.db.connect() as conn:
        ids = dryrun.chosen_cases(conn, plan)
    ask = jobs.request_dry_run if dry else jobs.request_run
    return ask(lib.engine, plan, ids, ANALYST)


def _perform(lib, calls=None):
    def perform(run_id, renew):
        if calls is not None:
            calls.append(run_id)
        jobs.perform(lib.engine, run_id, renew)
    return perform


def _moves(lib) -> int:
    with lib.db.connect() as conn:
        return conn.execute(select(func.count()).where(audit.c.action == "migrate")).scalar()


def test_a_requested_run_is_worked_once_by_two_racing_schedulers(library):
    _cases_and_v2(library, 3)
    run_id = _request(library)
    assert runs.progress_of(library.db, run_id)["state"] == "requested"
    calls, start = [], threading.Barrier(2)

    def scheduler(worker):
        start.wait()
        migration_jobs.work(library.db, library.clock, worker, _perform(library, calls))

    threads = [threading.Thread(target=scheduler, args=(w,)) for w in ("host-a:1", "host-b:2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert calls == [run_id]
    assert runs.progress_of(library.db, run_id) == {
        "pending": 0, "moved": 3, "refused": 0, "total": 3, "state": "finished"}
    assert _moves(library) == 3
    # Finished: nobody picks it up again.
    assert migration_jobs.work(library.db, library.clock, "host-c:3", _perform(library)) == 0


def test_a_live_lease_keeps_others_out_and_a_lapsed_one_is_taken_over(library):
    _cases_and_v2(library, 1)
    run_id = _request(library)
    with library.db.begin() as conn:
        assert migration_jobs.claim(conn, run_id, "host-a:1", library.clock.now())
    with library.db.begin() as conn:
        assert not migration_jobs.claim(conn, run_id, "host-b:2", library.clock.now())
    later = library.clock.advance(seconds=61)
    with library.db.begin() as conn:
        assert migration_jobs.claim(conn, run_id, "host-b:2", later)
        assert migration_jobs.holder(conn, run_id, later) == "host-b:2"


def test_an_interrupted_run_resumes_by_itself_after_its_lease_lapses(library):
    _cases_and_v2(library, 3)
    run_id = _request(library)

    def dies_after_one_case(run_id, renew):
        def crash():
            raise SystemError("the process was stopped")
        jobs.perform(library.engine, run_id, crash)

    assert migration_jobs.work(library.db, library.clock, "host-a:1", dies_after_one_case) == 0
    assert runs.progress_of(library.db, run_id) == {
        "pending": 2, "moved": 1, "refused": 0, "total": 3, "state": "running"}
    # Moments later the lease is still host-a's: the restarted process waits.
    assert migration_jobs.work(library.db, library.clock, "host-a:9", _perform(library)) == 0
    library.clock.advance(seconds=61)
    assert migration_jobs.work(library.db, library.clock, "host-a:9", _perform(library)) == 1
    assert runs.progress_of(library.db, run_id) == {
        "pending": 0, "moved": 3, "refused": 0, "total": 3, "state": "finished"}
    assert _moves(library) == 3          # the first case was not moved twice


def test_a_run_worked_by_the_command_line_is_left_alone_while_it_is_alive(library):
    _cases_and_v2(library, 1)
    plan = MigrationPlan("petition", 2)
    with library.db.connect() as conn:
        ids = dryrun.chosen_cases(conn, plan)
    run_id = runs.create_run(library.engine, plan, ids)       # state running, no lease
    assert migration_jobs.work(library.db, library.clock, "host-a:1", _perform(library)) == 0
    library.clock.advance(seconds=61)
    assert migration_jobs.work(library.db, library.clock, "host-a:1", _perform(library)) == 1
    assert runs.progress_of(library.db, run_id)["state"] == "finished"


def test_a_dry_run_is_recorded_case_by_case_and_changes_nothing(library):
    oral = new_case(library)
    register(library, oral, channel="phone")       # waits at the read-back step
    _cases_and_v2(library, 1, petition_renamed())
    run_id = _request(library, dry=True)
    assert jobs.dry_progress(library.db, run_id)["state"] == "dry_requested"
    assert migration_jobs.work(library.db, library.clock, "host-a:1", _perform(library)) == 1
    assert jobs.dry_progress(library.db, run_id) == {
        "pending": 0, "movable": 1, "refused": 1, "total": 2, "state": "dry_done"}
    verdicts = jobs.dry_results(library.db, run_id, 10)
    assert [v["code"] for v in verdicts] == ["unmapped_element", None]
    assert verdicts[0]["waiting"] == ["read_back"] and verdicts[1]["waiting"] == ["handle"]
    assert verdicts[0]["version"] == 1
    assert _moves(library) == 0
    assert run_id not in [r.id for r in runs.runs(library.db, "petition")]
