"""The dry run: for each chosen case, movable or the reason it is not, and
its deadline now and after the move. The move itself is worked out on the
case's workflow (moving.reshape, as the run does) and thrown away."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from engine.data.schema import case, process_definition

from ..actors import SYSTEM
from . import plan as plans
from .moving import Target, earliest_due, inspect, precheck, reshape, waiting_elements
from .reasons import Refusal

log = logging.getLogger(__name__)


@dataclass
class Verdict:
    case_id: int
    number: str
    from_version: int
    waiting: list = field(default_factory=list)   # element ids where the case waits
    code: str | None = None                       # None: movable
    params: dict = field(default_factory=dict)
    due_before: datetime | None = None            # the case's deadline now
    due_after: datetime | None = None             # and once moved (movable only)
    decisions: dict | None = None                 # what replaying its decisions did

    @property
    def movable(self) -> bool:
        return self.code is None


def chosen_cases(conn, plan: plans.MigrationPlan, numbers=None) -> list[int]:
    """Open cases on the source versions, or the cases numbered (whatever their state)."""
    q = select(case.c.id).where(case.c.process_key == plan.process_key).order_by(case.c.id)
    if numbers:
        return list(conn.execute(q.where(case.c.number.in_(list(numbers)))).scalars())
    return list(conn.execute(q.where(case.c.status == "open",
                                     case.c.definition_id.in_(plans.source_ids(conn, plan))))
                .scalars())


def dry_run(engine, plan: plans.MigrationPlan, case_ids: list[int]) -> list[Verdict]:
    with engine.db.connect() as conn:
        return judged(engine, conn, plan, case_ids)


def judged(engine, conn, plan: plans.MigrationPlan, case_ids: list[int]) -> list[Verdict]:
    """The verdict on each case, the plan's target and sources read once
    (the command line's dry run, and the background one in batches)."""
    target = Target.load(engine, conn, plan)
    sources = set(plans.source_ids(conn, plan))
    versions = dict(conn.execute(select(process_definition.c.id, process_definition.c.version)).all())
    return [judge(engine, conn, target, sources, versions, cid) for cid in case_ids]


def judge(engine, conn, target, sources, versions, case_id) -> Verdict:
    row = conn.execute(select(case).where(case.c.id == case_id)).one()
    verdict = Verdict(case_id, row.number, versions.get(row.definition_id, 0),
                      due_before=earliest_due(conn, case_id))
    try:
        precheck(row, target, sources)
        cmd = engine.command_for(conn, row, SYSTEM)
        verdict.waiting = waiting_elements(cmd.wf)
        try:
            with cmd.active():
                _forecast(verdict, reshape(cmd, target, inspect(engine, conn, cmd, target)))
        finally:
            engine.cache.evict(case_id)   # reshaped for the forecast: never reused
    except Refusal as refusal:
        verdict.code, verdict.params = refusal.code, refusal.params
    except Exception as exc:   # the run would fail on it too: the case stays
        log.exception("forecasting the move of case %s failed", case_id)
        verdict.code, verdict.params = "failed", {"error": type(exc).__name__}
    return verdict


def _forecast(verdict: Verdict, out) -> None:
    verdict.due_before, verdict.due_after = out.due_before, out.due_after
    if out.replayed is not None:
        verdict.decisions = out.replayed.as_json()
