"""Run validate() in a child process with a per-item time limit.

Deploy validates in-process (it is fast and bounded); the CLI goes through
here so that one pathological file, e.g. one that makes lxml or SpiffWorkflow
spin, is reported as refused instead of hanging the command.
"""
from __future__ import annotations

import multiprocessing

from .files import validate
from .report import Problem, Report


def _serve(conn) -> None:
    while True:
        job = conn.recv()
        if job is None:
            return
        files, known_lanes, timeout = job
        conn.send(validate(files, known_lanes, timeout))


class _Worker:
    def __init__(self):
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()

    def ask(self, files, known_lanes, timeout) -> Report | None:
        """The report, or None when the child did not answer in time (or died)."""
        self.conn.send((files, known_lanes, timeout))
        try:
            if self.conn.poll(timeout + 1.0):
                return self.conn.recv()
        except EOFError:
            pass
        return None

    def stop(self, kill=False) -> None:
        if kill:
            self.process.kill()
        else:
            self.conn.send(None)
        self.process.join(5)


def validate_each(items, known_lanes=None, timeout: float = 5.0):
    """Yield (label, Report) for each (label, files) of `items`, each checked
    in a worker process that is killed and replaced when it overruns."""
    worker = _Worker()
    try:
        for label, files in items:
            report = worker.ask(files, known_lanes, timeout)
            if report is None:
                worker.stop(kill=True)
                worker = _Worker()
                report = _overran(label, timeout)
            yield label, report
    finally:
        worker.stop(kill=not worker.process.is_alive())


def _overran(label: str, timeout: float) -> Report:
    return Report("refused", [Problem(
        label, None, None, "timeout",
        f"checking this model did not finish within {timeout:g} s",
        f"模型檢查未能在 {timeout:g} 秒內完成")])
