"""How long a completion holds SQLite's write lock, in one process.

From the first write (the probe of engine/data/db.write_after_snapshot) to
the end of COMMIT, against the whole Engine.complete, for cases loaded from
the database (the workflow cache cleared before each, as for a case another
worker changed last): the three-task BPMN (bench/engine.py's model) and the
petition's 'handle' step (bench/http.py's). While one process holds the
lock, the other workers' commands wait for it.

usage: python bench/write_section.py [N]     (completions per model, default 600)

Prints one line of JSON: {model: {"complete_ms", "locked_ms", "commit_ms"}}.
"""
from __future__ import annotations

import json
import sys
import time

from by_path import load  # bench/ is on the path: this script's own folder
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)

bh = load("http.py")
from engine.cases import runtime  # noqa: E402
from engine.cases.actors import Actor  # noqa: E402
from engine.scheduling import collector  # noqa: E402

OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))


class Clock:
    """Wall time inside the write lock: from the probe to the end of finish,
    and COMMIT."""

    def __init__(self):
        self.locked = self.commit = 0.0
        self.started = None

    def install(self):
        real_probe, real_finish = runtime.write_after_snapshot, runtime.Engine.finish
        from sqlalchemy.engine import default
        real_commit = default.DefaultDialect.do_commit

        def probe(conn, still):
            self.started = time.perf_counter()
            real_probe(conn, still)

        def finish(engine, cmd, snapshot):
            self.started = None
            real_finish(engine, cmd, snapshot)
            if self.started is not None:
                self.locked += time.perf_counter() - self.started

        def commit(dialect, conn):
            t0 = time.perf_counter()
            real_commit(dialect, conn)
            self.commit += time.perf_counter() - t0
        runtime.write_after_snapshot, runtime.Engine.finish = probe, finish
        default.DefaultDialect.do_commit = commit


def measure(rt, ids, data, clock) -> dict:
    for tid in ids[:50]:   # warm
        rt.cache.clear()
        rt.complete(tid, OFFICER, data)
    clock.locked = clock.commit = 0.0
    t0 = time.perf_counter()
    for tid in ids[50:]:
        rt.cache.clear()
        rt.complete(tid, OFFICER, data)
    n = len(ids) - 50
    per = lambda s: round(s / n * 1000, 3)  # noqa: E731
    return {"complete_ms": per(time.perf_counter() - t0),
            "locked_ms": per(clock.locked + clock.commit), "commit_ms": per(clock.commit)}


def main(n: int) -> dict:
    env = bh.setup(f"sqlite:///{scratch_dir('cf-write-section-')}/b.sqlite")
    rt, clock = env["rt"], Clock()
    three = bh.open_three_task_cases(rt, n + 50)
    petition = bh.open_handle_tasks(rt, n + 50)
    clock.install()
    collector.settle()
    return {"three_task": measure(rt, three, {"reply_text": "已處理"}, clock),
            "petition": measure(rt, petition, bh.REPLY, clock)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 600)))
