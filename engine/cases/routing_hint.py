"""What a process's routing table decides for given answers, before the case
gets there: the intake clerk sees the lead agency the DMN suggests while she
registers a petition (which she may overrule), and the receipt names it for
an oral petition that is routed only after its read-back.

The table is the one the deployed model's business rule task calls, whose
outputs include `responsible_agency`; it runs in the same sandbox as at run
time, on the answers given only, so a rule that needs more (or a model
function bound to a running case) gives no suggestion rather than a wrong one.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import SimpleNamespace

from SpiffWorkflow.exceptions import SpiffWorkflowException

from engine.sandbox import SandboxError

log = logging.getLogger(__name__)
AGENCY = "responsible_agency"


@dataclass(frozen=True)
class Suggestion:
    agency: str
    co_agencies: list[str] = field(default_factory=list)


class _Probe:
    """The little of a SpiffWorkflow task that DMNEngine reads: its data, the
    workflow's script engine, and the spec (named in its errors)."""

    def __init__(self, spec, data: dict, script_engine):
        self.task_spec, self.data = spec, data
        self.workflow = SimpleNamespace(script_engine=script_engine)


def routing_task(definition):
    """The business rule task of `definition` deciding the responsible agency, or None."""
    for spec in definition.spec.task_specs.values():
        table = getattr(getattr(spec, "dmnEngine", None), "decision_table", None)
        if table is not None and any(o.name == AGENCY for o in table.outputs):
            return spec
    return None


def suggest(engine, conn, data: dict, *, process_key: str | None = None,
            definition_id: int | None = None) -> Suggestion | None:
    """The agency (and co-handling agencies) the routing table gives for
    `data`, on version `definition_id` or the latest of `process_key`; None
    when the model has no such table or it decides nothing for these answers."""
    if definition_id is None:
        definition_id = engine.specs.latest_id(conn, process_key)
    spec = routing_task(engine.specs.get(conn, definition_id))
    if spec is None:
        return None
    try:
        result = spec.dmnEngine.result(_Probe(spec, dict(data), engine.script_engine))
    except (SpiffWorkflowException, SandboxError, NameError, TypeError, ValueError) as err:
        # A rule reading more than the form gave: no suggestion (the case is routed anyway).
        log.info("no routing suggestion: %s", err)
        return None
    return _suggestion(result)


def _suggestion(result: dict) -> Suggestion | None:
    agency = result.get(AGENCY)
    if not isinstance(agency, str) or not agency:
        return None
    co = result.get("co_agencies")
    co = [c for c in co if isinstance(c, str) and c != agency] if isinstance(co, list) else []
    return Suggestion(agency, co)
