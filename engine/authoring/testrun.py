"""Test-run a model (a draft or any file set) with sample data, in isolation.

The run happens in a forked child process on a throwaway SQLite database:
the real cases, timers and outbox are never touched, and a model that makes
the engine spin is stopped by killing the child at the wall-clock limit.
Inside, the files are deployed, a case is started at the chosen received
instant and walked (see walk.py): each ready user task is completed with
the sample data given for its element id, or with its form's sample values.
"""
from __future__ import annotations

import multiprocessing
import tempfile

from . import run_words, walk
from .plan import Plan, Result, RunError


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
    return Result("time_budget", error=RunError.said(
        None, f"the test-run did not finish within {plan.max_seconds:g} s and was stopped",
        run_words.overran(plan.max_seconds)))


def _child(plan: Plan, conn) -> None:
    try:
        result = _run_here(plan)
    except BaseException as err:  # report rather than die silently
        result = Result("error", error=RunError.said(None, f"{type(err).__name__}: {err}",
                                                     run_words.crashed()))
    conn.send(result)
    conn.close()


def _run_here(plan: Plan) -> Result:
    with tempfile.TemporaryDirectory(prefix="civicflow-testrun-") as tmp:
        return walk.execute(plan, f"sqlite:///{tmp}/testrun.sqlite")
