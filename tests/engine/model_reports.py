"""Deploying the shipped models in a test's fixture with their validation
report computed once per test process.

The model library's fixture and every web test's app deploy the same files to
a fresh database; validating them (parsing every process and decision table)
was half of that setup. The files are still validated, on the first deploy in
the process, and the validation tests call `validate` themselves. Only a
"deployable" report is kept (a refusal may be a timeout, not the files), and
it is keyed by the files' content and the lanes the database knows.
"""
from __future__ import annotations

import copy

from engine.cases.actors import SYSTEM
from engine.models import definitions, validation

_REPORTS: dict[tuple, object] = {}


def report_for(files: dict[str, bytes], lanes: set[str]):
    key = (definitions.content_hash(files), frozenset(lanes))
    report = _REPORTS.get(key)
    if report is None:
        report = validation.validate(files, lanes)
        if report.verdict == "deployable":
            _REPORTS[key] = report
    return copy.deepcopy(report)


def deploy_checked(runtime, files: dict[str, bytes]):
    """What `runtime.deploy(files)` does (engine/cases/runtime.py), with the
    report from `report_for`."""
    with runtime.db.begin() as conn:
        report = report_for(files, definitions.known_lanes(conn))
        return definitions.deploy(conn, files, SYSTEM.username, runtime.clock.now(),
                                  report=report)
