"""Moving open petitions to a newer version (engine/cases/migration), with the
shipped model and a frozen clock: v2 changes the handling deadline, adds a
field to the handling form and a review step before the reply."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from engine.cases.migration import dryrun, run as runs
from engine.cases.migration.plan import MigrationPlan, outline
from engine.data.schema import audit, case, timer
from .conftest import day
from .petition_versions import files, petition_renamed, petition_v2
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
    assert library.completed_elements(cid) == ["register", "handle", "review_reply"]
    with library.db.connect() as conn:
        row = conn.execute(select(audit).where(audit.c.case_id == cid,
                                               audit.c.action == "migrate")).one()
    assert json.loads(row.detail)["from_version"] == 1 and json.loads(row.detail)["to_version"] == 2
