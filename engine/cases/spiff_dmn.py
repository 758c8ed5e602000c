"""A FIRST decision table stops at its first matching row.

SpiffWorkflow 3.2's `DMNEngine.decide` returns at the first match only for a
UNIQUE table; for FIRST it checks every row and `result` then takes the
first. Each check runs the row's input expressions in the sandbox, so the
petition's 32-row routing table (FIRST since its rows overlap on purpose)
was checked whole on every petition. The first match is all FIRST means;
COLLECT keeps SpiffWorkflow's own walk. Pinned by
tests/engine/cases/test_spiff_dmn.py against the original.
"""
from __future__ import annotations

from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine

ORIGINAL_DECIDE = DMNEngine.decide


def _decide(self, task):
    if self.decision_table.hit_policy != "FIRST":
        return ORIGINAL_DECIDE(self, task)
    for rule in self.decision_table.rules:
        if self._DMNEngine__check_rule(rule, task):
            return [rule]
    return []


def install() -> None:
    DMNEngine.decide = _decide
