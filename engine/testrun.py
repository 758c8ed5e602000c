"""Test-run a model (a draft or any file set) with sample data, in isolation.

The run happens in a forked child process on a throwaway SQLite database:
the real cases, timers and outbox are never touched, and a model that makes
the engine spin is stopped by killing the child at the wall-clock limit.
Inside, the files are deployed, a case is started at the chosen received
instant and walked (see testrun_walk): each ready user task is completed with
the sample data given for its element id, or with its form's sample values.
"""
from __future__ import annotations

import multiprocessing
import tempfile
from dataclasses import dataclass, field
from datetime import datetime

MAX_STEPS = 200
MAX_SECONDS = 10.0


@dataclass
class Step:
    n: int
    element_id: str
    name: str
    type: str                 # SpiffWorkflow's spec class, e.g. UserTask, ExclusiveGateway
    at: datetime              # the (test-run) clock when it completed
    lane: str | None = None
    agency: str | None = None
    role: str | None = None
    due_at: datetime | None = None
    who: str | None = None
    form: dict | None = None  # what a user task was completed with


@dataclass
class Decision:
    element_id: str
    decision_id: str
    rules: list               # ids of the matched rules
    outputs: dict


@dataclass
class RunError:
    element_id: str | None
    message: str
    errors: dict = field(default_factory=dict)   # form field -> reason


@dataclass
class Result:
    # completed, waiting (nothing ready, timers or messages pending), step_budget,
    # time_budget, error, refused (validation problems)
    status: str
    steps: list[Step] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)   # kind, recipient, subject, body
    data: dict = field(default_factory=dict)
    case: dict = field(default_factory=dict)            # number, status, agency, due
    waiting: list[dict] = field(default_factory=list)   # open tasks, pending timers
    problems: list[dict] = field(default_factory=list)
    error: RunError | None = None
    seconds: float = 0.0

    @property
    def visited(self) -> list[str]:
        """Element ids on the path, first visit order, for the diagram."""
        return list(dict.fromkeys(s.element_id for s in self.steps))


@dataclass
class Plan:
    """What to run and with which sample data."""
    files: dict[str, bytes]
    process_key: str
    received_at: datetime
    start_data: dict = field(default_factory=dict)
    task_data: dict = field(default_factory=dict)   # element id -> {field: value} or a list
    advance_timers: bool = False
    agencies: list[dict] | None = None    # rows of the agency table; None: reference data
    overrides: list[dict] | None = None   # calendar_override rows (day, kind, reason)
    max_steps: int = MAX_STEPS
    max_seconds: float = MAX_SECONDS


def run(plan: Plan, isolate: bool = True) -> Result:
    """Run `plan`; with `isolate` (the default) in a child process that is
    killed when it overruns `plan.max_seconds` by more than a grace second."""
    if not isolate:
        return _run_here(plan)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(plan, child), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(plan.max_seconds + 2.0):
            return parent.recv()
    except EOFError:
        pass
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    return Result("time_budget", error=RunError(
        None, f"the test-run did not finish within {plan.max_seconds:g} s and was stopped"))


def _child(plan: Plan, conn) -> None:
    try:
        result = _run_here(plan)
    except BaseException as err:  # report rather than die silently
        result = Result("error", error=RunError(None, f"{type(err).__name__}: {err}"))
    conn.send(result)
    conn.close()


def _run_here(plan: Plan) -> Result:
    from . import testrun_walk
    with tempfile.TemporaryDirectory(prefix="civicflow-testrun-") as tmp:
        return testrun_walk.execute(plan, f"sqlite:///{tmp}/testrun.sqlite")
