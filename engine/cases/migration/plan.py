"""The migration plan: which version cases move to, how each element where a
case may wait maps onto the new version (same id unless the plan says
otherwise), values for new required fields, and whether deadlines are
recomputed from the new model or kept as already set."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.bpmn.specs.mixins.subworkflow_task import SubWorkflowTask
from sqlalchemy import func, select

from engine.data.schema import case, process_definition, task, timer
from engine.models import forms

PD = process_definition.c


@dataclass
class MigrationPlan:
    process_key: str
    to_version: int
    from_version: int | None = None          # None: every older version
    mapping: dict = field(default_factory=dict)    # old element id -> new element id
    defaults: dict = field(default_factory=dict)   # new required field -> value
    recompute_deadlines: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MigrationPlan:
        return cls(**json.loads(text))


def definition_id(conn, key: str, version: int) -> int | None:
    return conn.execute(select(PD.id).where(PD.key == key, PD.version == version)).scalar()


def source_ids(conn, plan: MigrationPlan) -> list[int]:
    """The definitions cases move from: the one named, else every older version."""
    cond = [PD.key == plan.process_key, PD.version < plan.to_version]
    if plan.from_version is not None:
        cond.append(PD.version == plan.from_version)
    return list(conn.execute(select(PD.id).where(*cond).order_by(PD.version)).scalars())


def elements(defn) -> dict:
    """Element id -> task spec, across the process and its subprocesses."""
    found = {}
    for spec in (*defn.subprocess_specs.values(), defn.spec):
        for ts in spec.task_specs.values():
            if getattr(ts, "bpmn_id", None):
                found[ts.bpmn_id] = ts
    return found


def waitable(ts) -> bool:
    """Elements where a case can be found waiting."""
    return bool(getattr(ts, "manual", False)) or isinstance(ts, (CatchingEvent, LoopTask,
                                                                 SubWorkflowTask))


def choices(defn) -> list[tuple[str, str]]:
    """(id, BPMN name) of the new version's elements a waiting place may map to."""
    return sorted((eid, ts.bpmn_name or eid) for eid, ts in elements(defn).items() if waitable(ts))


def waiting_counts(conn, definition_ids: list[int]) -> dict[str, int]:
    """Open cases per element they wait at (open tasks and pending timers)."""
    counts: dict[str, int] = {}
    open_cases = (case.c.definition_id.in_(definition_ids), case.c.status == "open")
    for col, table, cond in ((task.c.element_id, task, task.c.state == "ready"),
                             (timer.c.element_id, timer, timer.c.state.in_(("pending", "claimed")))):
        rows = conn.execute(select(col, func.count(func.distinct(table.c.case_id)))
                            .join(case, case.c.id == table.c.case_id)
                            .where(cond, *open_cases).group_by(col))
        for element, n in rows:
            counts[element] = counts.get(element, 0) + n
    return counts


def outline(conn, specs, plan: MigrationPlan) -> dict:
    """What the analyst must decide: waiting places missing from the new
    version, the new version's elements to map them to, new required fields."""
    new = specs.get(conn, definition_id(conn, plan.process_key, plan.to_version))
    olds = [specs.get(conn, i) for i in source_ids(conn, plan)]
    counts = waiting_counts(conn, [d.id for d in olds])
    new_ids = elements(new)
    names = {eid: ts.bpmn_name or eid for d in olds for eid, ts in elements(d).items()}
    unmapped = [{"element": e, "name": names.get(e, e), "cases": n,
                 "target": plan.mapping.get(e, "")}
                for e, n in sorted(counts.items()) if e not in new_ids]
    return {"unmapped": unmapped, "choices": choices(new),
            "new_required": new_required(olds, new), "definition": new}


def new_required(olds, new) -> list[dict]:
    """Required fields of the new version on elements the old versions had
    without them: a case that went past such an element never filled them."""
    out, seen = [], set()
    for element, meta in sorted(new.tasks.items()):
        before = [d.tasks[element] for d in olds if element in d.tasks]
        if not before:
            continue
        known = {f.name for m in before for f in m.fields}
        for f in meta.fields:
            if f.required and not f.when and f.name not in known and f.name not in seen:
                seen.add(f.name)
                out.append({"name": f.name, "element": element, "field": f})
    return out


def typed_defaults(new, defaults: dict) -> dict:
    """The analyst's values (text from a form or the command line) converted
    by the new version's field types; InvalidData names each bad one."""
    fields = {f.name: f for meta in new.tasks.values() for f in meta.fields}
    known = [fields[name] for name in defaults if name in fields]
    clean = forms.validate([_optional(f) for f in known],
                           {f.name: defaults[f.name] for f in known}, set())
    return {**defaults, **clean}


def _optional(field):
    from dataclasses import replace
    return replace(field, required=False, when=None)
