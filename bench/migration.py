"""bench/migration.py: N open petitions moved to a new version of their model.

Starts N petitions with the real engine (four in five wait at one agency's
'handle' with its three boundary timers, one in five in parallel co-handling
by three agencies), deploys the test suite's v2 of the petition model (a new
field, a changed deadline, a review step), then times the dry run and the
migration (engine/cases/migration: one transaction per case, audit row,
index, timers). Prints one JSON line at the end.

  .venv/bin/python bench/migration.py                       # 10,000 cases, SQLite file
  .venv/bin/python bench/migration.py --cases 2000 \\
      --database-url postgresql://civicflow:civicflow@127.0.0.1:5432/civicflow_bench
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# bench/http.py would shadow the standard library's http package.
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "models"))

import petition_versions
from sqlalchemy import select, text

from engine.cases.actors import Actor
from engine.cases.migration import dryrun
from engine.cases.migration import run as runs
from engine.cases.migration.plan import MigrationPlan
from engine.cases.runtime import Engine
from engine.data.db import make_engine, migrate
from engine.data.schema import metadata, task
from engine.demo.reference import load_reference

CLERK = Actor("bench.clerk", "DOA", frozenset({"intake"}))
FORM = {"channel": "web", "subject": "路燈不亮", "content": "路燈故障三天", "language": "zh_TW",
        "art173_ground": "none"}


def fresh(url: str):
    migrate(url)
    db = make_engine(url)
    if url.startswith("postgresql"):
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        with db.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # audit refuses TRUNCATE
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    load_reference(db, with_demo_users=False)
    engine = Engine(db)
    engine.deploy(petition_versions.files((ROOT / "bpmn" / "petition.bpmn").read_text("utf-8")))
    return db, engine


def open_cases(db, engine, n: int) -> None:
    for i in range(n):
        ref = engine.start_case("petition", {"title": f"陳情 {i}"},
                                petitioner_info={"name": "王小明", "email": "w@example.org"})
        with db.connect() as conn:
            reg = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"])).scalar_one()
        cross = i % 5 == 4
        engine.complete(reg, CLERK, {**FORM, "category": "night_market" if cross else "street_light",
                                     "district": "D-XINXING" if cross else "D-GUSHAN"})


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--database-url", help="default: a fresh SQLite file")
    args = ap.parse_args()
    url = args.database_url or f"sqlite:///{scratch_dir()}/migration_bench.sqlite"
    db, engine = fresh(url)
    _, setup = timed(lambda: open_cases(db, engine, args.cases))
    engine.deploy(petition_versions.files(petition_versions.petition_v2()))
    engine.cache.clear()   # the migration loads each case as a run in production would
    plan = MigrationPlan("petition", 2)
    with db.connect() as conn:
        ids = dryrun.chosen_cases(conn, plan)
    verdicts, dry = timed(lambda: dryrun.dry_run(engine, plan, ids))
    per_case, last = [], [time.perf_counter()]

    def tick(result, progress):
        now = time.perf_counter()
        per_case.append(now - last[0])
        last[0] = now
        if progress["pending"] % 1000 == 0:
            print(f"[{progress['total'] - progress['pending']}/{progress['total']}]", file=sys.stderr)
    run_id = runs.create_run(engine, plan, ids)
    last[0] = time.perf_counter()
    done, moving = timed(lambda: runs.resume(engine, run_id, on_case=tick))
    ms = sorted(t * 1000 for t in per_case)
    print(json.dumps({
        "database": url.split(":", 1)[0], "cases": len(ids), "setup_s": round(setup, 1),
        "dry_run_s": round(dry, 2), "dry_run_ms_per_case": round(dry * 1000 / max(len(ids), 1), 2),
        "movable": sum(v.movable for v in verdicts), "migrate_s": round(moving, 2),
        "ms_per_case_mean": round(statistics.fmean(ms), 2) if ms else None,
        "ms_per_case_p50": round(ms[len(ms) // 2], 2) if ms else None,
        "ms_per_case_p95": round(ms[int(len(ms) * 0.95)], 2) if ms else None,
        "moved": done["moved"], "refused": done["refused"]}))


if __name__ == "__main__":
    main()
