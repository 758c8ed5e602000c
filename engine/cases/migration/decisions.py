"""Recomputing deadlines that a decision table set.

A petition's deadline comes from a decision: the businessRuleTask `route`
looks up the working days and the script after it (`set_deadline`) turns
them into `due_at`, which the open task's due expression only names.
Evaluating that expression again keeps the old table's answer. So, when the
plan recomputes deadlines, the decisions the case passed and the scripts
that ran after them (up to the first step that is neither a script, a
decision nor a gateway) run again on a copy of the case's current data:
once with the old version's specs and once with the new one's. Only what
the two runs disagree on changes, and only where the case still holds the
old run's value: a value a later step set (a transfer, an extension) is kept.

Nothing here runs twice what changes something: a script calling a model
function outside REPEATABLE (notify, escalate, record_contact...) is not run
again and the case keeps its data (reported). A change that would steer the
case elsewhere (a gateway on the way, an open task's agency) is not made
either: the deadline is not the only thing such a new rule changes.
"""
from __future__ import annotations

import ast
import copy
from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.specs.mixins import (
    ExclusiveGatewayMixin,
    InclusiveGatewayMixin,
    ParallelGatewayMixin,
    ScriptTaskMixin,
)
from SpiffWorkflow.dmn.specs.business_rule_task_mixin import BusinessRuleTaskMixin
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskState

from engine.cases import variables
from engine.models.functions import REPEATABLE

from ..command import current_functions
from .transplant import LIVE

GATEWAYS = (ExclusiveGatewayMixin, InclusiveGatewayMixin, ParallelGatewayMixin)
MISSING = object()   # a variable the case (or a run) does not have

# What replaying did, in the audit record and the dry run:
#   none          the case passed no decision: nothing to replay
#   same          the new version decides as the old one did
#   changed       the case's data follows the new decision (`changes`)
#   later         only values a later step set differ: kept (`kept`)
#   side_effects  a script on the way changes something: not run again (`element`)
#   steers        the new decision would route the case elsewhere: not applied
#   failed        the new version's decision cannot be evaluated for the case
OUTCOMES = ("none", "same", "changed", "later", "side_effects", "steers", "failed")


@dataclass
class Replay:
    outcome: str = "none"
    element: str | None = None                    # the step concerned
    changes: dict = field(default_factory=dict)   # name -> (old, new), made
    kept: dict = field(default_factory=dict)      # name -> (current, new), not made

    def as_json(self) -> dict:
        out = {"outcome": self.outcome}
        if self.element:
            out["element"] = self.element
        for key in ("changes", "kept"):
            if getattr(self, key):
                out[key] = {k: [_plain(a), _plain(b)] for k, (a, b) in getattr(self, key).items()}
        return out


def _plain(value):
    return None if value is MISSING else value


@dataclass
class _Scratch:
    """What SpiffWorkflow's DMN engine reads of a task: its data and workflow."""
    data: dict
    workflow: object
    task_spec: object
    id: str = "replay"


def replay(wf, moves, steering: set[str]) -> Replay:
    """The decisions of `wf` replayed, old specs against new (`moves` pair
    each task with its new spec); nothing of `wf` changes here. `steering`:
    the names an open task's agency reads."""
    pairs = {t.id: new for m in moves for t, new in m.pairs}
    chain = _chain(wf)
    if not chain:
        return Replay()
    for t in chain:
        for spec in (t.task_spec, pairs.get(t.id)):
            if _changes_something(spec):
                return Replay("side_effects", element=_element(t))
    return _compare(wf, chain, pairs, steering)


def _compare(wf, chain, pairs, steering) -> Replay:
    current = variables.current(wf)
    try:
        old = _run(wf, [t.task_spec for t in chain], current)
        new = _run(wf, [pairs.get(t.id) or t.task_spec for t in chain], current)
    except Exception:   # the model's own error: the case keeps its data
        return Replay("failed", element=_element(chain[0]))
    changes, kept = _difference(current, old, new)
    if set(changes) & (steering | _gateway_names(chain, pairs)):
        return Replay("steers", element=_element(chain[0]), changes=changes, kept=kept)
    outcome = "changed" if changes else ("later" if kept else "same")
    return Replay(outcome, element=_element(chain[0]), changes=changes, kept=kept)


def _chain(wf) -> list:
    """The completed decisions, each with the completed scripts and gateways
    after it (the path the case took), in the order the tree holds them."""
    found, seen = [], set()
    for w in (wf, *wf.subprocesses.values()):
        for t in w.tasks.values():
            if isinstance(t.task_spec, BusinessRuleTaskMixin) and _done(t) and t.id not in seen:
                for step in _path_from(t):
                    if step.id not in seen:
                        seen.add(step.id)
                        found.append(step)
    return found


def _path_from(start) -> list:
    path, queue = [], [start]
    while queue:
        t = queue.pop(0)
        path.append(t)
        queue.extend(c for c in t.children if _done(c) and isinstance(
            c.task_spec, (BusinessRuleTaskMixin, ScriptTaskMixin, *GATEWAYS)))
    return path


def _done(t) -> bool:
    return t.has_state(TaskState.COMPLETED)


def _element(t) -> str:
    return getattr(t.task_spec, "bpmn_id", None) or t.task_spec.name


def _changes_something(spec) -> bool:
    """Whether running `spec` again would call a model function that changes
    something (a notice, an escalation, the petitioner's contact)."""
    if spec is None:
        return False
    bound = current_functions()
    if not bound:   # outside a command nothing tells notify from now(): assume the worst
        return True
    unsafe = set(bound) - REPEATABLE
    for source in _sources(spec):
        names = _names(source)
        if names is None:
            names = _names(f"v {source}")   # a DMN cell may be `!= 'CITY'`
        if names is None or names & unsafe:
            return True
    return False


def _names(source: str) -> set[str] | None:
    """The names `source` reads or calls; None when it is no Python."""
    try:
        return {n.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Name)}
    except SyntaxError:
        return None


def _sources(spec) -> list[str]:
    """The code a replay of `spec` runs: its script, pre- and post-script,
    and for a decision every cell of its table."""
    texts = [getattr(spec, a, None) for a in ("script", "prescript", "postscript")]
    engine = getattr(spec, "dmnEngine", None)
    if engine is not None:
        for rule in engine.decision_table.rules:
            texts += [lhs for e in rule.inputEntries for lhs in e.lhs]
            texts += [getattr(e, "text", None) for e in rule.outputEntries]
    return [t for t in texts if t]


def _run(wf, specs, data: dict) -> dict:
    """`specs` run in order on a copy of `data`, as SpiffWorkflow runs them."""
    data = copy.deepcopy(dict(data))
    environment = wf.script_engine.environment
    for spec in specs:
        if isinstance(spec, BusinessRuleTaskMixin):
            data = DeepMerge.merge(data, spec.dmnEngine.result(_Scratch(data, wf, spec)))
        elif isinstance(spec, ScriptTaskMixin):
            environment.execute(spec.script, data, {})
    return data


def _difference(current: dict, old: dict, new: dict) -> tuple[dict, dict]:
    """What the new run decides otherwise: made where the case holds the old
    run's value, kept where a later step set another."""
    changes, kept = {}, {}
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name, MISSING), new.get(name, MISSING)
        if before == after or after is MISSING:
            continue
        now = current.get(name, MISSING)
        if now == before:
            changes[name] = (before, after)
        else:
            kept[name] = (now, after)
    return changes, kept


def _gateway_names(chain, pairs) -> set[str]:
    """The names the gateways on the replayed path decide on."""
    names = set()
    for t in chain:
        spec = pairs.get(t.id) or t.task_spec
        for condition, _target in getattr(spec, "cond_task_specs", ()):
            # SpiffWorkflow keeps a condition as an operator holding the expression
            names |= names_in(getattr(condition, "args", [condition])[0] if condition else None)
    return names


def names_in(expression) -> set[str]:
    return (_names(str(expression)) or set()) if expression else set()


def apply(wf, result: Replay) -> list[str]:
    """Give the case the changed values: its waiting tasks (the timers on a
    step included) and the task whose data is the case's, each only where it
    still holds the old value. Returns the ids of completed tasks changed
    (the store rewrites those only when told)."""
    if result.outcome != "changed":
        return []
    latest = variables.latest_task(wf)
    targets = [t for w in (wf, *wf.subprocesses.values()) for t in w.tasks.values()
               if t.has_state(LIVE)]
    touched = []
    for t in [*targets, *([latest] if latest is not None else [])]:
        hit = [k for k, (old, _new) in result.changes.items() if t.data.get(k, MISSING) == old]
        for k in hit:
            t.data[k] = result.changes[k][1]
        if hit and not t.has_state(LIVE):
            touched.append(str(t.id))
    return touched
