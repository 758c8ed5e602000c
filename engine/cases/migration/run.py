"""Running a migration: the run and its chosen cases are recorded first, then
each case moves in its own transaction, which also marks its result row, so
an interrupted run resumes exactly where it stopped. A case that is refused
or fails stays on its version with the reason; the others go on."""
from __future__ import annotations

import json
import logging

from sqlalchemy import func, insert, select, update

from engine.data import audit
from engine.data.schema import case
from engine.data.schema import case_migration_case as mcase
from engine.data.schema import case_migration_run as mrun
from engine.time.deadlines import as_utc

from ..actors import SYSTEM, Actor
from . import plan as plans
from .moving import Target, move, precheck
from .reasons import Refusal

log = logging.getLogger(__name__)


def create_run(engine, plan: plans.MigrationPlan, case_ids: list[int], actor: Actor = SYSTEM,
               state: str = "running", action: str = "migration_run") -> int:
    """Record a run of `plan` over `case_ids` (all pending); returns its id.
    The CLI works it at once (`running`); the web page leaves it `requested`
    (or `dry_requested`) for the scheduler (jobs.py)."""
    now = engine.clock.now()
    with engine.db.begin() as conn:
        target = Target.load(engine, conn, plan)
        run_id = conn.execute(insert(mrun).values(
            process_key=plan.process_key, to_definition_id=target.definition.id,
            plan=plan.to_json(), state=state, requested_by=actor.username,
            created_at=now).returning(mrun.c.id)).scalar_one()
        froms = dict(conn.execute(select(case.c.id, case.c.definition_id)
                                  .where(case.c.id.in_(case_ids))).all()) if case_ids else {}
        if froms:
            conn.execute(insert(mcase), [{"run_id": run_id, "case_id": cid, "state": "pending",
                                          "from_definition_id": froms[cid]} for cid in case_ids])
        audit.record(conn, case_id=None, at=now, actor=actor.username, action=action,
                     run=run_id, process=plan.process_key, to_version=plan.to_version,
                     cases=len(froms), plan=json.loads(plan.to_json()))
    return run_id


def resume(engine, run_id: int, actor: Actor = SYSTEM, on_case=None) -> dict:
    """Move every pending case of the run; `on_case(result, progress)` after
    each (the CLI prints, a test may interrupt). Returns the progress."""
    with engine.db.connect() as conn:
        row = conn.execute(select(mrun).where(mrun.c.id == run_id)).one()
        plan = plans.MigrationPlan.from_json(row.plan)
        target = Target.load(engine, conn, plan)
        target.sources = set(plans.source_ids(conn, plan))
        pending = list(conn.execute(select(mcase.c.case_id).where(
            mcase.c.run_id == run_id, mcase.c.state == "pending").order_by(mcase.c.id)).scalars())
    done = progress_of(engine.db, run_id)
    for case_id in pending:
        result = migrate_one(engine, run_id, case_id, target, actor)
        if result["state"] == "skipped":
            continue
        done["pending"] -= 1
        done[result["state"]] += 1
        if on_case:
            on_case(result, done)
    _finish(engine, run_id)
    return progress_of(engine.db, run_id)


def migrate_one(engine, run_id: int, case_id: int, target: Target, actor: Actor) -> dict:
    try:
        with engine.db.begin() as conn:
            row = conn.execute(select(case).where(case.c.id == case_id).with_for_update()).one()
            if not _still_pending(conn, run_id, case_id):   # another resume of the run took it
                return {"case_id": case_id, "number": row.number, "state": "skipped"}
            precheck(row, target, target.sources)
            detail = move(engine, conn, row, target, actor, run_id)
            # its row keeps the deadline before and after, for the run's page
            _mark(conn, engine, run_id, case_id, "moved", params={"deadline": detail["deadline"]})
        return {"case_id": case_id, "number": row.number, "state": "moved",
                "deadline": detail["deadline"]}
    except Refusal as refusal:
        return _refused(engine, run_id, case_id, refusal.code, refusal.params)
    except Exception as exc:
        log.exception("migrating case %s failed", case_id)
        engine.cache.evict(case_id)
        return _refused(engine, run_id, case_id, "failed", {"error": type(exc).__name__})


def _still_pending(conn, run_id, case_id) -> bool:
    return conn.execute(select(mcase.c.state).where(
        mcase.c.run_id == run_id, mcase.c.case_id == case_id)).scalar() == "pending"


def _mark(conn, engine, run_id, case_id, state, code=None, params=None) -> None:
    conn.execute(update(mcase).where(mcase.c.run_id == run_id, mcase.c.case_id == case_id,
                                     mcase.c.state == "pending")
                 .values(state=state, reason_code=code, done_at=engine.clock.now(),
                         reason_params=json.dumps(params, ensure_ascii=False) if params else None))


def _refused(engine, run_id, case_id, code, params) -> dict:
    with engine.db.begin() as conn:
        _mark(conn, engine, run_id, case_id, "refused", code, params)
        number = conn.execute(select(case.c.number).where(case.c.id == case_id)).scalar()
        audit.record(conn, case_id=case_id, at=engine.clock.now(), actor=SYSTEM.username,
                     action="migrate_refused", run=run_id, reason=code, **params)
    return {"case_id": case_id, "number": number, "state": "refused", "code": code,
            "params": params}


def _finish(engine, run_id: int) -> None:
    with engine.db.begin() as conn:
        left = conn.execute(select(func.count()).where(
            mcase.c.run_id == run_id, mcase.c.state == "pending")).scalar()
        if not left:
            conn.execute(update(mrun).where(mrun.c.id == run_id, mrun.c.state == "running")
                         .values(state="finished", finished_at=engine.clock.now()))


def progress_of(db, run_id: int) -> dict:
    """{"total", "pending", "moved", "refused", "state"} of a run."""
    return counted(db, run_id, ("pending", "moved", "refused"))


def counted(db, run_id: int, states: tuple) -> dict:
    """A run's cases counted per state of `states` (a dry run's: movable
    rather than moved), their total and the run's own state."""
    with db.connect() as conn:
        counts = dict(conn.execute(select(mcase.c.state, func.count()).where(
            mcase.c.run_id == run_id).group_by(mcase.c.state)).all())
        state = conn.execute(select(mrun.c.state).where(mrun.c.id == run_id)).scalar()
    return {**{k: counts.get(k, 0) for k in states}, "total": sum(counts.values()), "state": state}


def last_activity(db, run_id: int):
    """When the run's latest case was done (UTC), or None: a run whose cases
    keep being done is being worked on, whichever process does it."""
    with db.connect() as conn:
        last = conn.execute(select(func.max(mcase.c.done_at)).where(mcase.c.run_id == run_id)).scalar()
    return as_utc(last) if last is not None else None


def results(db, run_id: int) -> list:
    """Per-case rows of a run with the case number, in the order they were chosen."""
    with db.connect() as conn:
        return conn.execute(select(mcase, case.c.number).join(case, case.c.id == mcase.c.case_id)
                            .where(mcase.c.run_id == run_id).order_by(mcase.c.id)).all()


def runs(db, key: str) -> list:
    """The runs (not the dry runs) of process `key`, newest first."""
    with db.connect() as conn:
        return conn.execute(select(mrun).where(mrun.c.process_key == key,
                                               ~mrun.c.state.like("dry%"))
                            .order_by(mrun.c.id.desc())).all()


def run_row(db, run_id: int):
    with db.connect() as conn:
        return conn.execute(select(mrun).where(mrun.c.id == run_id)).first()
