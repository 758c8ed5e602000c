"""Runs and dry runs asked for from the web page, worked by the scheduler.

The page only records the request (`request_run`, `request_dry_run`: the run
row and its chosen cases, state requested / dry_requested) and returns; a
scheduler process claims it (engine/scheduling/migration_jobs.py) and calls
`perform`. A dry run marks each case `movable` or `refused` with the reason
in its own row, a chunk at a time, so it shows progress and resumes like a
run. Nothing of a case changes in a dry run.
"""
from __future__ import annotations

import json

from sqlalchemy import delete, select, update

from engine.data.schema import case
from engine.data.schema import case_migration_case as mcase
from engine.data.schema import case_migration_run as mrun
from engine.data.schema import process_definition, scheduler_lock
from engine.scheduling import migration_jobs as states
from engine.time.clock import parse_iso, to_iso

from ..actors import SYSTEM, Actor
from . import plan as plans
from . import run as runs
from .dryrun import judged

CHUNK = 50   # dry-run verdicts written per transaction


def request_run(engine, plan: plans.MigrationPlan, case_ids: list[int], actor: Actor) -> int:
    return runs.create_run(engine, plan, case_ids, actor, state=states.REQUESTED)


def request_dry_run(engine, plan: plans.MigrationPlan, case_ids: list[int], actor: Actor) -> int:
    return runs.create_run(engine, plan, case_ids, actor, state=states.DRY_REQUESTED,
                           action="migration_dry_run")


def request_resume(engine, run_id: int) -> None:
    """Asked from the page of a stopped run: its lapsed lease goes and the run
    waits again, so the next poll of any scheduler takes it at once (a holder
    still alive loses its lease and stops; each case is moved once anyway)."""
    with engine.db.begin() as conn:
        conn.execute(delete(scheduler_lock).where(
            scheduler_lock.c.name == states.lock_name(run_id)))
        conn.execute(update(mrun).where(mrun.c.id == run_id, mrun.c.state == states.RUNNING)
                     .values(state=states.REQUESTED))


def is_dry(state: str | None) -> bool:
    return (state or "").startswith("dry")


def perform(engine, run_id: int, renew=lambda: None) -> None:
    """Work the run (or dry run) to its end; `renew()` after each step keeps
    the scheduler's lease (and may stop the work when it was lost)."""
    row = runs.run_row(engine.db, run_id)
    if is_dry(row.state):
        _set_state(engine, run_id, states.DRY_RUNNING)
        _dry_run(engine, row, renew)
        _set_state(engine, run_id, states.DRY_DONE)
        return
    _set_state(engine, run_id, states.RUNNING)
    # In the name of the person who asked; the page checked their role.
    actor = Actor(row.requested_by, None, SYSTEM.roles)
    runs.resume(engine, run_id, actor, on_case=lambda _result, _progress: renew())


def _set_state(engine, run_id: int, state: str) -> None:
    with engine.db.begin() as conn:
        conn.execute(update(mrun).where(mrun.c.id == run_id).values(state=state))


def _dry_run(engine, row, renew) -> None:
    plan = plans.MigrationPlan.from_json(row.plan)
    while True:
        with engine.db.connect() as conn:
            ids = list(conn.execute(select(mcase.c.case_id).where(
                mcase.c.run_id == row.id, mcase.c.state == "pending")
                .order_by(mcase.c.id).limit(CHUNK)).scalars())
            if not ids:
                return
            verdicts = judged(engine, conn, plan, ids)
        _record(engine, row.id, verdicts)
        renew()


def _record(engine, run_id: int, verdicts) -> None:
    now = engine.clock.now()
    with engine.db.begin() as conn:
        for v in verdicts:
            conn.execute(update(mcase).where(
                mcase.c.run_id == run_id, mcase.c.case_id == v.case_id, mcase.c.state == "pending")
                .values(state="movable" if v.movable else "refused", reason_code=v.code,
                        done_at=now, reason_params=json.dumps(_detail(v), ensure_ascii=False)))


def _detail(v) -> dict:
    """A verdict as its row keeps it: where the case waits, the refusal's
    parameters, its deadline now and once moved, what its decisions did."""
    return {"waiting": v.waiting, "params": v.params, "due_before": _iso(v.due_before),
            "due_after": _iso(v.due_after), "decisions": v.decisions}


def _iso(value):
    return to_iso(value) if value is not None else None


def _instant(text):
    return parse_iso(text) if text else None


def dry_progress(db, run_id: int) -> dict:
    """{"total", "pending", "movable", "refused", "state"} of a dry run."""
    return runs.counted(db, run_id, ("pending", "movable", "refused"))


def dry_due_changes(db, run_id: int) -> int:
    """How many movable cases of a dry run would get another deadline (day)."""
    with db.connect() as conn:
        texts = conn.execute(select(mcase.c.reason_params).where(
            mcase.c.run_id == run_id, mcase.c.state == "movable")).scalars()
        details = [json.loads(t) for t in texts if t]
    return sum(1 for d in details if _day(d.get("due_before")) != _day(d.get("due_after")))


def _day(text):
    return to_iso(parse_iso(text))[:10] if text else None


def dry_results(db, run_id: int, limit: int) -> list[dict]:
    """A dry run's verdicts in the order the cases were chosen: number,
    version, where it waits, the refusal (code, params) or None, the
    deadline now and once moved (aware instants or None) and what
    replaying the case's decisions did (or None)."""
    with db.connect() as conn:
        rows = conn.execute(
            select(mcase.c.state, mcase.c.reason_code, mcase.c.reason_params,
                   process_definition.c.version, case.c.number)
            .join(case, case.c.id == mcase.c.case_id)
            .join(process_definition, process_definition.c.id == mcase.c.from_definition_id)
            .where(mcase.c.run_id == run_id, mcase.c.state != "pending")
            .order_by(mcase.c.id).limit(limit)).all()
    out = []
    for r in rows:
        detail = json.loads(r.reason_params) if r.reason_params else {}
        out.append({"number": r.number, "version": r.version,
                    "waiting": detail.get("waiting", []), "code": r.reason_code,
                    "params": detail.get("params", {}), "decisions": detail.get("decisions"),
                    **{k: _instant(detail.get(k)) for k in ("due_before", "due_after")}})
    return out
