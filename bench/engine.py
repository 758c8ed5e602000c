"""Engine figures of shared/targets.md, against plain SpiffWorkflow in the same run.

Baseline: plain SpiffWorkflow that loads the whole JSON from an SQLite row,
completes the task, runs the engine steps and writes the whole JSON back.
civicflow: Engine.complete / Engine.start_case, committed, on SQLite (WAL),
with its workflow cache warm ("cached") and with a fresh engine that must load
the case from the database ("loaded"). A completion is timed from the task's
id, as a request has it in its URL (finding the id is not timed); the
baseline finds its task in the workflow it loaded, within its timing.

usage: python bench/engine.py [--rounds 0,100,1000] [--ops 200] [--json] [--database-url URL]

--database-url runs both on that PostgreSQL database (every table in it is
dropped first).

--json ends the output with one line of JSON: start_ms, start_baseline_ms,
complete_ms, complete_baseline_ms, complete_100_rounds_ms (cached, medians) and
the SQL statements one start / one completion sends (statements_per_start,
statements_per_complete).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.cases.actors import Actor  # noqa: E402
from engine.time.clock import TAIPEI, FrozenClock  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.cases.runtime import Engine  # noqa: E402
from engine.data.schema import agency, task  # noqa: E402

MODEL = ROOT / "tests" / "engine" / "fixtures" / "models" / "casework.bpmn"
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
CHIEF = Actor("wang", "EPB", frozenset({"supervisor"}))
OFFICER = Actor("lin", "EPB", frozenset({"officer"}))


def progress(msg):
    print(msg, file=sys.stderr, flush=True)


def median_ms(samples):
    return statistics.median(samples) * 1000


def setup_db(path: Path, url: str | None = None):
    """A migrated database with two agencies: a new SQLite file at `path`, or
    the PostgreSQL database `url`, emptied first (every table dropped)."""
    if url:
        empty = make_engine(url)
        with empty.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        empty.dispose()
    else:
        url = f"sqlite:///{path}"
    migrate(url)
    db = make_engine(url)
    with db.begin() as conn:
        conn.execute(insert(agency), [{"code": c, "name_zh": c, "name_en": c}
                                      for c in ("DOA", "EPB")])
    return db


class Civicflow:
    def __init__(self, db):
        self.db = db
        self.clock = FrozenClock(datetime(2026, 3, 2, 9, tzinfo=TAIPEI))
        self.engine = Engine(db, self.clock)
        self.engine.deploy({"casework.bpmn": MODEL.read_bytes()})
        self.bytes = []
        # The store's writes (save before the rows were prepared apart, 8fe97e1).
        name = "write" if hasattr(self.engine.store, "write") else "save"
        real_write = getattr(self.engine.store, name)

        def counting_write(*a, **kw):
            n = real_write(*a, **kw)
            self.bytes.append(n)
            return n
        setattr(self.engine.store, name, counting_write)

    def start(self):
        return self.engine.start_case("casework", {"title": "bench"}, actor=CLERK,
                                      received_at=self.clock.now())["id"]

    def open_task(self, case_id):
        with self.db.connect() as conn:
            return conn.execute(select(task.c.id).where(
                task.c.case_id == case_id, task.c.state == "ready")).scalar_one()

    def to_review(self, case_id):
        self.engine.complete(self.open_task(case_id), CLERK,
                             {"responsible_agency": "EPB", "deadline_days": 6})
        self.engine.complete(self.open_task(case_id), OFFICER, {"reply_text": "draft"})

    def rework(self, case_id, cold=False):
        self.rework_task(self.ready(case_id, cold))

    def ready(self, case_id, cold=False):
        """What a request knows before it starts: the task's id (in its URL)."""
        if cold:  # as if another process had changed the case last
            self.engine.cache.clear()
        return self.open_task(case_id)

    def rework_task(self, task_id):
        self.engine.complete(task_id, CHIEF, {"approved": False})


class Baseline:
    """Plain SpiffWorkflow: whole JSON in, whole JSON out."""

    def __init__(self, db):
        from SpiffWorkflow.bpmn import BpmnWorkflow
        from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
        from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
        from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
        from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
        self.db, self.BpmnWorkflow = db, BpmnWorkflow
        funcs = {"working_days": lambda n, start=None: "2026-03-10T23:59:59+08:00",
                 "before_working_days": lambda due, n: "2026-03-09T08:30:00+08:00",
                 "notify": lambda *a, **k: True}
        self.script = PythonScriptEngine(environment=TaskDataEnvironment(funcs))
        parser = SpiffBpmnParser()
        parser.add_bpmn_str(MODEL.read_bytes())
        self.spec = parser.get_spec("casework")
        self.subs = parser.get_subprocess_specs("casework")
        self.ser = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(SPIFF_CONFIG))
        key = "SERIAL" if db.dialect.name == "postgresql" else "INTEGER"
        with db.begin() as conn:
            conn.execute(text(f"CREATE TABLE baseline (id {key} PRIMARY KEY, body TEXT)"))

    def start(self):
        with plain_spiff():
            wf = self.BpmnWorkflow(self.spec, self.subs, script_engine=self.script)
            wf.do_engine_steps()
        with self.db.begin() as conn:
            return conn.execute(text("INSERT INTO baseline (body) VALUES (:b) RETURNING id"),
                                {"b": self.ser.serialize_json(wf)}).scalar_one()

    def step(self, case_id, data):
        with plain_spiff(), self.db.begin() as conn:
            body = conn.execute(text("SELECT body FROM baseline WHERE id=:i"), {"i": case_id}).scalar()
            wf = self.ser.deserialize_json(body)
            wf.script_engine = self.script
            t = wf.get_tasks(state=16, manual=True)[0]
            t.data.update(data)
            t.run()
            wf.do_engine_steps()
            body = self.ser.serialize_json(wf)
            conn.execute(text("UPDATE baseline SET body=:b WHERE id=:i"), {"b": body, "i": case_id})
        return len(body)

    def to_review(self, case_id):
        self.step(case_id, {"responsible_agency": "EPB", "deadline_days": 6})
        self.step(case_id, {"reply_text": "draft"})

    def rework(self, case_id):
        return self.step(case_id, {"approved": False})

    def ready(self, case_id):
        return case_id   # the step finds its task in the loaded workflow

    def rework_task(self, case_id):
        return self.rework(case_id)


@contextmanager
def plain_spiff():
    """SpiffWorkflow as installed, without the engine's own Task._set_state and
    workflow log extras (engine/cases/spiff_logging.py) and task-tree walk and
    scan (spiff_iteration.py), for the baseline's steps."""
    from SpiffWorkflow.task import Task
    from SpiffWorkflow.util.task import TaskIterator
    from SpiffWorkflow.workflow import Workflow
    from engine.cases import spiff_iteration
    from engine.cases.spiff_logging import ORIGINAL_SET_STATE, ORIGINAL_WORKFLOW_EXTRAS
    ours = (Task._set_state, TaskIterator.__next__, Workflow.collect_log_extras,
            Workflow.get_tasks)
    (Task._set_state, TaskIterator.__next__, Workflow.collect_log_extras,
     Workflow.get_tasks) = (ORIGINAL_SET_STATE, spiff_iteration.ORIGINAL_NEXT,
                            ORIGINAL_WORKFLOW_EXTRAS,
                            getattr(spiff_iteration, "ORIGINAL_GET_TASKS", Workflow.get_tasks))
    try:
        yield
    finally:
        (Task._set_state, TaskIterator.__next__, Workflow.collect_log_extras,
         Workflow.get_tasks) = ours


class StatementCounter:
    """Counts the SQL statements sent while active (executemany counts once)."""

    def __init__(self, db):
        self.n, self.on = 0, False
        event.listen(db, "before_cursor_execute", self._count)

    def _count(self, *_args):
        self.n += self.on

    def during(self, fn):
        self.n, self.on = 0, True
        try:
            fn()
        finally:
            self.on = False
        return self.n


def timed(fn, n, ready=None):
    """n timings of fn(); with `ready`, of fn(ready()) with ready() untimed."""
    samples = []
    for _ in range(n):
        arg = ready() if ready else None
        t0 = time.perf_counter()
        fn(arg) if ready else fn()
        samples.append(time.perf_counter() - t0)
    return samples


def long_case(system, rounds):
    case_id = system.start()
    system.to_review(case_id)
    for i in range(rounds):
        system.rework(case_id)
        if i and i % 100 == 0:
            progress(f"  {type(system).__name__}: {i}/{rounds} rework rounds")
    return case_id


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", default="0,100,1000")
    ap.add_argument("--baseline-max", type=int, default=100,
                    help="longest history the baseline is built to (it is O(n^2) to build)")
    ap.add_argument("--ops", type=int, default=200)
    ap.add_argument("--json", action="store_true", help="end with one line of JSON")
    ap.add_argument("--database-url", help="a PostgreSQL database to run on instead of SQLite "
                                           "(every table in it is dropped first)")
    args = ap.parse_args()
    rounds = [int(r) for r in args.rounds.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        db = setup_db(Path(tmp) / "bench.sqlite", args.database_url)
        cf, base = Civicflow(db), Baseline(db)
        figures = report_start(cf, base, args.ops)
        figures.update(report_complete(cf, base, db, rounds, args))
        figures.update(count_statements(cf, db))
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


def count_statements(cf, db) -> dict:
    """Statements of one start and of one completion (workflow cached)."""
    counter = StatementCounter(db)
    case_id = cf.start()
    cf.to_review(case_id)
    tid = cf.open_task(case_id)
    start = counter.during(cf.start)
    complete = counter.during(lambda: cf.engine.complete(tid, CHIEF, {"approved": False}))
    print(f"\nSQL statements: one start {start}, one completion {complete}")
    return {"statements_per_start": start, "statements_per_complete": complete}


def _db_name(db) -> str:
    return "PostgreSQL" if db.dialect.name == "postgresql" else "SQLite"


def report_start(cf, base, ops):
    progress("start a case and run it to its first user task ...")
    b = median_ms(timed(base.start, ops))
    c = median_ms(timed(cf.start, ops))
    print(f"\n== start a case, run to the first user task, committed ({_db_name(cf.db)}) ==")
    print(f"baseline (plain SpiffWorkflow, whole JSON) {b:7.3f} ms median")
    print(f"civicflow                                  {c:7.3f} ms median   ({c / b:4.2f}x the baseline)")
    return {"start_ms": c, "start_baseline_ms": b}


def measure(system, rounds, ops, **kw):
    """Median ms of one rework completion on cases with `rounds` rounds behind them.
    Fresh cases: one completion on each of `ops` cases, so history does not grow;
    long cases: ops/5 completions on one case (its history grows by under 20%)."""
    if rounds == 0:
        ids = [long_case(system, 0) for _ in range(ops)]
        it = iter(ids)
        return median_ms(timed(system.rework_task, ops, lambda: system.ready(next(it), **kw)))
    cid = long_case(system, rounds)
    return median_ms(timed(system.rework_task, max(10, ops // 5), lambda: system.ready(cid, **kw)))


def report_complete(cf, base, db, rounds, args):
    print(f"\n== complete one user task, committed ({_db_name(db)}) ==")
    print(f"{'history':>16} | {'baseline ms':>11} | {'cached ms':>9} | {'loaded ms':>9} | "
          f"{'bytes/op cf':>11} | {'bytes/op base':>13}")
    out = {}
    for r in rounds:
        progress(f"cases with {r} rework rounds ...")
        cf.bytes.clear()
        cached = measure(cf, r, args.ops)
        cf_bytes = statistics.median(cf.bytes[-max(10, args.ops // 5):])
        loaded = measure(cf, r, args.ops, cold=True)
        if r <= args.baseline_max:
            sizes = []
            real = base.rework
            base.rework = lambda cid: sizes.append(real(cid))
            bl = measure(base, r, args.ops)
            base.rework = real
            bl_txt, bb_txt = f"{bl:11.3f}", f"{statistics.median(sizes[-10:]):13,.0f}"
            if r == 0:
                out["complete_baseline_ms"] = bl
        else:
            bl_txt, bb_txt = f"{'(skipped)':>11}", f"{'':>13}"
        print(f"{r:>9} rounds | {bl_txt} | {cached:9.3f} | {loaded:9.3f} | "
              f"{cf_bytes:11,.0f} | {bb_txt}", flush=True)
        if r == 0:
            out["complete_ms"], out["complete_loaded_ms"] = cached, loaded
        elif r == 100:
            out["complete_100_rounds_ms"] = cached
    return out


if __name__ == "__main__":
    main()
