"""Timing of the period report (engine/report/period.py) at 10x and 100x the demo's
size, against baselines in the same run: a plain count of the cases received
in the same range (the cheapest query that touches the range), and reading
and parsing every summary in the range in Python (what a report computed
outside the database would at least cost).

The data: one demo period (`run_demo`, real cases through the engine), then
copies of its case and task rows shifted back in time, so the database holds
years of cases (100x the default demo of 2,500 cases = 250,000 cases over
about five years, each copy moved 18 days further back; --shift-days 0.1
packs them into a few months instead, so the range itself holds 100x).

    .venv/bin/python bench/report.py [--url postgresql://.../own_db] [--scales 10,100]
(a PostgreSQL database given with --url is emptied first: give it one of its own)
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

# The repository, not bench/ (bench/http.py would shadow the standard library).
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import func, insert, select, text  # noqa: E402

from engine.time.clock import TAIPEI  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.demo.generate import run_demo  # noqa: E402
from engine.cases.queries import Viewer  # noqa: E402
from engine.report.period import period_report  # noqa: E402
from engine.data.schema import case, task  # noqa: E402

DEMO_DEFAULT = 2500
END = datetime(2026, 6, 30, 17, 0, tzinfo=TAIPEI)
DEPT = Viewer("bench", "DOA", frozenset({"supervisor"}))
PERIODS = {"half-year": (date(2026, 1, 1), date(2026, 6, 30)),
           "year": (date(2025, 7, 1), date(2026, 6, 30))}
ISO = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+08:00)?")


def progress(msg):
    print(msg, file=sys.stderr, flush=True)


def build_base(url: str, cases: int):
    migrate(url)
    db = make_engine(url)
    run_demo(db, cases=cases, days=120, end=END, progress=lambda *_: None)
    with db.connect() as conn:
        base_cases = [dict(r) for r in conn.execute(select(case)).mappings()]
        base_tasks = [dict(r) for r in conn.execute(select(task)).mappings()]
    return db, base_cases, base_tasks


def shifted_text(summary: str, delta: timedelta) -> str:
    """Move every ISO date or instant in the summary JSON back by delta."""
    def move(m):
        s = m.group(0)
        if m.group(1):
            return (datetime.fromisoformat(s) - delta).isoformat(timespec="seconds")
        return (date.fromisoformat(s) - delta).isoformat()
    return ISO.sub(move, summary)


def copy_rows(db, base_cases, base_tasks, copy_no: int, next_id: int, shift: timedelta) -> int:
    """One shifted copy of the base; returns the next free case id."""
    delta = shift * copy_no
    ids, rows = {}, []
    for c in base_cases:
        ids[c["id"]] = next_id
        row = {**c, "id": next_id, "number": f"{copy_no:04d}{c['number']}"[:20],
               "summary": shifted_text(c["summary"], delta)}
        for col in ("received_at", "created_at", "updated_at", "due_at", "closed_at"):
            row[col] = row[col] - delta if row[col] else None
        rows.append(row)
        next_id += 1
    tasks = [{**t, "id": str(uuid.uuid4()), "case_id": ids[t["case_id"]],
              **{col: (t[col] - delta if t[col] else None)
                 for col in ("created_at", "due_at", "completed_at")}} for t in base_tasks]
    with db.begin() as conn:
        conn.execute(insert(case), rows)
        conn.execute(insert(task), tasks)
    return next_id


def grow(db, base_cases, base_tasks, target: int, state: dict) -> None:
    while state["cases"] < target:
        state["copy"] += 1
        state["next_id"] = copy_rows(db, base_cases, base_tasks, state["copy"], state["next_id"],
                                     state["shift"])
        state["cases"] += len(base_cases)
    with db.begin() as conn:
        if db.dialect.name == "postgresql":
            conn.execute(text('ANALYZE "case"; ANALYZE task'))
        else:
            conn.execute(text("ANALYZE"))


def median_ms(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def measure(db, repeat: int) -> dict:
    out = {}
    with db.connect() as conn:
        for name, (start, end) in PERIODS.items():
            lo = datetime.combine(start, datetime.min.time(), TAIPEI)
            hi = datetime.combine(end + timedelta(days=1), datetime.min.time(), TAIPEI)
            count = select(func.count()).select_from(case).where(case.c.received_at >= lo,
                                                                 case.c.received_at < hi)
            summaries = select(case.c.summary).where(case.c.received_at >= lo, case.c.received_at < hi)
            base = median_ms(lambda: conn.execute(count).scalar(), repeat)
            naive = median_ms(lambda: [json.loads(s) for s in conn.execute(summaries).scalars()], repeat)
            rep = median_ms(lambda: period_report(conn, DEPT, start, end, END), repeat)
            n = conn.execute(count).scalar()
            out[name] = (n, base, naive, rep)
    return out


def plans(db) -> None:
    """The SQLite plan of the widest report query (petitions), to show the index."""
    if db.dialect.name != "sqlite":
        return
    from engine.report.period import Period
    from engine.report.petitions import _grouped  # noqa: F401 (its query is the one shown)
    lo, hi = Period(*PERIODS["year"]).bounds
    sql = ("EXPLAIN QUERY PLAN SELECT channel, count(*) FROM \"case\" WHERE process_key='petition' "
           "AND received_at >= :lo AND received_at < :hi GROUP BY channel, category, responsible_agency")
    with db.connect() as conn:
        for row in conn.execute(text(sql), {"lo": lo.replace(tzinfo=None), "hi": hi.replace(tzinfo=None)}):
            print(f"  plan: {row[-1]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=None)
    ap.add_argument("--base-cases", type=int, default=500)
    ap.add_argument("--scales", default="10,100")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--shift-days", type=float, default=18,
                    help="each copy moves this much further back (0.1: a dense city-sized year)")
    args = ap.parse_args()
    url = args.url or f"sqlite:///{scratch_dir()}/report-bench.sqlite"
    if args.url and args.url.startswith("postgresql"):  # a database of its own: emptied
        eng = make_engine(args.url)
        with eng.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        eng.dispose()
    progress(f"base: demo of {args.base_cases} cases over 120 days on {url.split(':')[0]}")
    db, base_cases, base_tasks = build_base(url, args.base_cases)
    state = {"copy": 0, "next_id": max(c["id"] for c in base_cases) + 1, "cases": len(base_cases),
             "shift": timedelta(days=args.shift_days)}
    print(f"report bench ({db.dialect.name}), medians of {args.repeat}; count = count(*) of the cases"
          " received in the range, parse = read and json.loads their summaries")
    print(f"{'scale':>6} {'cases':>9} {'period':>10} {'in range':>9} {'count ms':>9} "
          f"{'parse ms':>9} {'report ms':>10} {'report/parse':>13}")
    for scale in [int(s) for s in args.scales.split(",")]:
        grow(db, base_cases, base_tasks, scale * DEMO_DEFAULT, state)
        for name, (n, base, naive, rep) in measure(db, args.repeat).items():
            print(f"{scale:>5}x {state['cases']:>9} {name:>10} {n:>9} {base:>9.2f} "
                  f"{naive:>9.1f} {rep:>10.1f} {rep / naive:>13.2f}", flush=True)
    plans(db)


if __name__ == "__main__":
    main()
