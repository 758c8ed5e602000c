"""SpiffWorkflow's task state changes without log records nobody reads.

SpiffWorkflow 3.2's `Task._set_state` builds a log message and its extras
(`collect_log_extras`: the state's name from a dict made anew per call, the
parent's id...) on every state change, before `logging` decides the record
is not wanted. py-spy on a worker completing petition tasks: ~4% of a
completion and of a start went there with the `spiff` loggers at WARNING,
as a server runs them. `install()` puts a `_set_state` in its place that
changes the state exactly as the original does and builds the record only
when the `spiff.task` logger would emit it (same message, same extras).
Pinned by tests/engine/cases/test_spiff_logging.py against the original.

The workflow's own records ("Initialized workflow", "Workflow completed")
build their extras the same way, and with the `spiff.workflow` logger's level
unset (0 < 20) they list every task id of the tree: 3.6% of a start under
cProfile. Every caller of `Workflow.collect_log_extras` passes it straight to
an INFO record, so below INFO it returns what it was given.
"""
from __future__ import annotations

import logging
import time

from SpiffWorkflow import workflow as spiff_workflow
from SpiffWorkflow.task import Task, logger
from SpiffWorkflow.util.task import TaskState

ORIGINAL_SET_STATE = Task._set_state
ORIGINAL_WORKFLOW_EXTRAS = spiff_workflow.Workflow.collect_log_extras


def _set_state(self, value: int) -> None:
    """Force the state (as Task._set_state); log only what would be emitted."""
    if value != self.state:
        elapsed = time.time() - self.last_state_change
        self.last_state_change = time.time()
        self._state = value
        if logger.isEnabledFor(logging.INFO):
            logger.info(f'State changed to {TaskState.get_name(value)}',
                        extra=self.collect_log_extras({'elapsed': elapsed}))
    elif logger.isEnabledFor(logging.DEBUG):
        logger.debug(f'State set to {TaskState.get_name(value)}', extra=self.collect_log_extras())


def _workflow_extras(self, dct: dict | None = None) -> dict:
    """Workflow.collect_log_extras, built only when its record would be emitted."""
    if not spiff_workflow.logger.isEnabledFor(logging.INFO):
        return dct or {}
    return ORIGINAL_WORKFLOW_EXTRAS(self, dct)


def install() -> None:
    """Idempotent; done when the engine's runtime is imported."""
    Task._set_state = _set_state
    spiff_workflow.Workflow.collect_log_extras = _workflow_extras
