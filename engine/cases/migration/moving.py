"""Moving one case, inside the caller's transaction: checks that may refuse
first, then the workflow surgery, the index rows and the audit record."""
from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from SpiffWorkflow.bpmn.specs.mixins.events.intermediate_event import BoundaryEvent
from sqlalchemy import select, update

from engine.cases import variables
from engine.data.schema import case, task, timer
from engine.time.clock import to_iso
from engine.time.deadlines import as_utc

from . import decisions
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


@dataclass
class Outcome:
    """What a move does to a case, worked out in memory: the run writes it,
    the dry run shows it and throws the workflow away (one code path)."""
    rows: list                                 # the open task rows: id, element_id, due_at
    dues: dict = field(default_factory=dict)   # task row id -> due after the move (recomputed)
    replayed: decisions.Replay | None = None
    defaults: list = field(default_factory=list)
    touched: list = field(default_factory=list)   # stored tasks to write again

    @property
    def due_before(self):
        return _earliest(r.due_at for r in self.rows)

    @property
    def due_after(self):
        return _earliest(self.dues.get(r.id, r.due_at) for r in self.rows)

    def changed_dues(self, mapping: dict) -> list[dict]:
        """The open tasks whose deadline moves: element, from, to (ISO)."""
        return [{"task": r.id, "element": mapping.get(r.element_id, r.element_id),
                 "from": _iso(r.due_at), "to": _iso(self.dues[r.id])}
                for r in self.rows if r.id in self.dues and _iso(self.dues[r.id]) != _iso(r.due_at)]


def _earliest(values):
    found = [as_utc(v) for v in values if v is not None]
    return min(found) if found else None


def _iso(value):
    return to_iso(as_utc(value)) if value is not None else None


def earliest_due(conn, case_id: int):
    """The case's deadline: its earliest open task's."""
    return _earliest(r.due_at for r in open_rows(conn, case_id))


def open_rows(conn, case_id: int) -> list:
    return conn.execute(select(task.c.id, task.c.element_id, task.c.due_at).where(
        task.c.case_id == case_id, task.c.state == "ready").order_by(task.c.id)).all()


def reshape(cmd, target: Target, moves) -> Outcome:
    """The workflow surgery of a move, in memory, within `cmd.active()`:
    specs swapped, defaults filled, decisions replayed and deadlines
    recomputed when the plan asks for it."""
    new, plan = target.definition, target.plan
    out = Outcome(open_rows(cmd.conn, cmd.case_id))
    out.touched = [str(t.id) for m in moves for t, ts in m.pairs
                   if ts is not None and ts.name != t.task_spec.name]
    if plan.recompute_deadlines:   # read on the old specs, before they are swapped
        out.replayed = decisions.replay(cmd.wf, moves, _steering(cmd.wf, new, plan.mapping))
    transplant.apply(cmd.wf, moves, new.spec, new.subprocess_specs)
    out.defaults = transplant.fill_defaults(cmd.wf, plan.defaults)
    latest = variables.latest_task(cmd.wf)
    if out.defaults and latest is not None:
        out.touched.append(str(latest.id))   # its data changed: the case's data
    if plan.recompute_deadlines:
        out.touched += decisions.apply(cmd.wf, out.replayed)
        transplant.recompute_timers(cmd.wf)
        out.dues = _new_dues(cmd, target, out.rows)
    return out


def _steering(wf, new, mapping: dict) -> set[str]:
    """The names the agency of a task the case waits at is computed from."""
    names = set()
    for element in waiting_elements(wf):
        meta = new.tasks.get(mapping.get(element, element))
        if meta is not None:
            names |= decisions.names_in(meta.agency_expr)
    return names


def _new_dues(cmd, target: Target, rows) -> dict:
    """Each open task's due expression of the new version, evaluated again."""
    dues = {}
    for r in rows:
        meta = target.definition.tasks.get(target.plan.mapping.get(r.element_id, r.element_id))
        if meta is not None and meta.due_expr:
            dues[r.id] = cmd.task_assignment(cmd.wf.get_task_from_id(UUID(r.id)), meta)[2]
    return dues


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
        out = reshape(cmd, target, moves)
        detail["defaults"] = out.defaults
        detail.update(_deadline_detail(out, target.plan.mapping))
        cmd.definition = target.definition
        _rewrite_rows(cmd, target, out.dues)
        _rewrite_stored(cmd.snapshot, out.touched)
        cmd.record("migrate", **detail)
    engine.run_command(cmd, body)
    conn.execute(update(case).where(case.c.id == row.id).values(definition_id=target.definition.id))
    return detail


def _deadline_detail(out: Outcome, mapping: dict) -> dict:
    """For the audit record: the case's deadline before and after, each
    task's that moved, and what replaying its decisions did."""
    detail = {"deadline": {"from": _iso(out.due_before), "to": _iso(out.due_after)},
              "deadlines": out.changed_dues(mapping)}
    if out.replayed is not None:
        detail["decisions"] = out.replayed.as_json()
    return detail


def _rewrite_rows(cmd, target: Target, dues: dict) -> None:
    """Open task and timer rows follow their element's new id; deadlines are
    kept unless the plan recomputed them (`dues`)."""
    conn, mapping = cmd.conn, target.plan.mapping
    for r in conn.execute(select(task.c.id, task.c.element_id).where(
            task.c.case_id == cmd.case_id, task.c.state == "ready")).all():
        spiff_task = cmd.wf.get_task_from_id(UUID(r.id))
        values = {"element_id": mapping.get(r.element_id, r.element_id)}
        spec = spiff_task.task_spec
        values["name"] = (getattr(spec, "bpmn_name", None) or values["element_id"])[:300]
        if r.id in dues:
            values["due_at"] = dues[r.id]
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
