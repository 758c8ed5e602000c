"""Moving one case, inside the caller's transaction: checks that may refuse
first, then the workflow surgery, the index rows and the audit record."""
from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from sqlalchemy import select, update

from engine.cases import variables
from engine.data.schema import case, task, timer

from . import plan as plans
from . import transplant
from .reasons import Refusal


@dataclass
class Target:
    """The version cases move to, with what each source version needs."""
    plan: plans.MigrationPlan
    definition: object
    required: dict = field(default_factory=dict)   # source definition id -> new required fields
    sources: set | None = None                     # definition ids cases may move from

    @classmethod
    def load(cls, engine, conn, plan: plans.MigrationPlan) -> Target:
        def_id = plans.definition_id(conn, plan.process_key, plan.to_version)
        if def_id is None:
            raise Refusal("unknown_target", element=plan.process_key, target=str(plan.to_version))
        definition = engine.specs.get(conn, def_id)
        plan.defaults = plans.typed_defaults(definition, plan.defaults)
        return cls(plan, definition)

    def required_for(self, engine, conn, definition_id: int) -> list[dict]:
        if definition_id not in self.required:
            old = engine.specs.get(conn, definition_id)
            self.required[definition_id] = plans.new_required([old], self.definition)
        return self.required[definition_id]


def precheck(row, target: Target, source_ids: set[int] | None = None) -> None:
    if row.process_key != target.plan.process_key:
        raise Refusal("other_process")
    if row.definition_id == target.definition.id:
        raise Refusal("already_on_version")
    if row.status != "open":
        raise Refusal("case_closed")
    if source_ids is not None and row.definition_id not in source_ids:
        raise Refusal("already_on_version")


def inspect(engine, conn, cmd, target: Target) -> list:
    """The moves for `cmd`'s workflow, or a Refusal (nothing changes)."""
    new = target.definition
    moves = transplant.check(cmd.wf, new.spec, new.subprocess_specs, target.plan.mapping)
    for need in target.required_for(engine, conn, cmd.case.definition_id):
        if need["name"] not in target.plan.defaults and transplant.passed(cmd.wf, need["element"]) \
                and need["name"] not in variables.current(cmd.wf):
            raise Refusal("missing_variable", name=need["name"], element=need["element"])
    return moves


def waiting_elements(wf) -> list[str]:
    """Where the case waits: open user tasks and pending events, without the
    events on a task's boundary (they wait with their task)."""
    found, events = [], set(wf.event_manager.tasks.values())
    for w in (wf, *wf.subprocesses.values()):
        for t in w.tasks.values():
            ts = t.task_spec
            if isinstance(ts, BoundaryEvent):
                continue
            if (t.has_state(transplant.TaskState.READY) and ts.manual) or t in events:
                eid = getattr(ts, "bpmn_id", None) or transplant.element_of(ts.name)
                if eid not in found:
                    found.append(eid)
    return found


def move(engine, conn, row, target: Target, actor, run_id=None) -> dict:
    """Move the locked case `row`; returns what the audit record says."""
    cmd = engine.command_for(conn, row, actor)
    old = cmd.definition
    with cmd.active():
        moves = inspect(engine, conn, cmd, target)
    detail = {"from_version": old.version, "to_version": target.definition.version,
              "run": run_id, "mapping": target.plan.mapping,
              "recompute_deadlines": target.plan.recompute_deadlines}

    def body(cmd):
        new = target.definition
        renamed = [str(t.id) for m in moves for t, ts in m.pairs
                   if ts is not None and ts.name != t.task_spec.name]
        transplant.apply(cmd.wf, moves, new.spec, new.subprocess_specs)
        detail["defaults"] = transplant.fill_defaults(cmd.wf, target.plan.defaults)
        latest = variables.latest_task(cmd.wf)
        if detail["defaults"] and latest is not None:
            renamed.append(str(latest.id))   # its data changed: the case's data
        if target.plan.recompute_deadlines:
            transplant.recompute_timers(cmd.wf)
        cmd.definition = new
        _rewrite_rows(cmd, target)
        _rewrite_stored(cmd.snapshot, renamed)
        cmd.record("migrate", **detail)
    engine.run_command(cmd, body)
    conn.execute(update(case).where(case.c.id == row.id).values(definition_id=target.definition.id))
    return detail


def _rewrite_rows(cmd, target: Target) -> None:
    """Open task and timer rows follow their element's new id; deadlines are
    kept unless the plan recomputes them from the new model."""
    conn, mapping = cmd.conn, target.plan.mapping
    for r in conn.execute(select(task.c.id, task.c.element_id).where(
            task.c.case_id == cmd.case_id, task.c.state == "ready")).all():
        spiff_task = cmd.wf.get_task_from_id(UUID(r.id))
        values = {"element_id": mapping.get(r.element_id, r.element_id)}
        spec = spiff_task.task_spec
        values["name"] = (getattr(spec, "bpmn_name", None) or values["element_id"])[:300]
        meta = target.definition.tasks.get(values["element_id"])
        if target.plan.recompute_deadlines and meta is not None and meta.due_expr:
            values["due_at"] = cmd.task_assignment(spiff_task, meta)[2]
        conn.execute(update(task).where(task.c.id == r.id).values(**values))
    for old, new in mapping.items():
        conn.execute(update(timer).where(timer.c.case_id == cmd.case_id,
                                         timer.c.element_id == old).values(element_id=new))


def _rewrite_stored(snap, renamed: list[str]) -> None:
    """A stored task names its spec: the store rewrites the tasks whose spec
    got another name (subprocess rows name theirs and change by themselves),
    and the one given new data. New and dropped tasks, and those waiting,
    it writes anyway."""
    for key in renamed:
        if key in snap.tasks:
            snap.tasks[key] = (snap.tasks[key][0], None)
