"""bench/board.py: the supervisors' deadline board for all agencies over N cases.

Builds a database per size with bulk inserts (five years of petitions over
200 agencies, two tasks each: DOA registers, the agency handles; the last
two weeks still open), the trigger of migration 0003 keeping the rollup as
rows arrive. Then times, in the same run:

  board      engine.board.agency_board for all agencies, last 12 weeks
  board-52w  the same over 52 weeks
  steps      the per-step figures of the heat overlay
  baseline   the naive way: GROUP BY over the raw case and task tables
             (open figures, then completed tasks in the weeks with their
             handling times fetched for the median)

  .venv/bin/python bench/board.py --cases 200000,2000000
  .venv/bin/python bench/board.py --quick
  .venv/bin/python bench/board.py --url postgresql://civicflow:civicflow@127.0.0.1:5432/board_bench
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# bench/http.py is named like the standard library's `http` (werkzeug imports
# http.server for the page timing): keep bench/ off the path.
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import case as when, func, insert, select, text  # noqa: E402

from engine.board import figures as board, rollup  # noqa: E402
from engine.time.clock import TAIPEI  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.data.schema import agency, case, process_definition, task  # noqa: E402
from bench import bulk_db, planner_stats  # noqa: E402

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI).astimezone(timezone.utc)
YEARS, AGENCIES, CHUNK = 5, 200, 20_000
OPEN_DAYS = 14          # cases received in the last two weeks are still open
DUE_DAYS = 8.6          # the handle task's time allowed (6 working days, roughly)


def build(url: str, n: int) -> None:
    migrate(url)
    eng = make_engine(url)
    with eng.begin() as conn:
        bulk_db.empty(conn)
        conn.execute(insert(agency), [{"code": "DOA", "name_zh": "行政處", "name_en": "DOA"}] + [
            {"code": f"A{i:03d}", "name_zh": f"機關{i}", "name_en": f"Agency {i}"}
            for i in range(AGENCIES)])
        conn.execute(insert(process_definition).values(
            id=1, key="petition", version=1, content_hash="bench", sources="{}", meta="{}",
            deployed_at=NOW))
    rnd, t0 = random.Random(42), time.perf_counter()
    for start in range(0, n, CHUNK):
        cases, tasks = zip(*(_case(rnd, i) for i in range(start, min(n, start + CHUNK))))
        with eng.begin() as conn:
            conn.execute(insert(case), list(cases))
            conn.execute(insert(task), [t for pair in tasks for t in pair])
        done = min(n, start + CHUNK)
        if done % 200_000 == 0 or done == n:
            print(f"  {done:>9,} cases  {time.perf_counter() - t0:6.1f} s", flush=True)
    t1 = time.perf_counter()
    rollup.fold_if_pending(eng)
    print(f"  folded the deltas into the rollup in {time.perf_counter() - t1:.1f} s")
    planner_stats.refresh(eng)
    eng.dispose()


def _case(rnd: random.Random, i: int):
    """One case and its two tasks; old cases closed, recent ones open."""
    received = NOW - timedelta(days=rnd.random() * 365 * YEARS)
    opened = received + timedelta(hours=rnd.random() * 4)
    due = opened + timedelta(days=DUE_DAYS)
    code = f"A{rnd.randrange(AGENCIES):03d}"
    taken = timedelta(days=rnd.expovariate(1 / 4.5))
    closed = opened + taken if (NOW - received).days > OPEN_DAYS and rnd.random() > 0.002 else None
    if closed and closed > NOW:
        closed = None
    late = (closed or NOW) > due
    row = {"id": i + 1, "number": f"B{i:010d}", "definition_id": 1, "process_key": "petition",
           "status": "completed" if closed else "open", "title": "bench", "responsible_agency": code,
           "received_at": received, "created_at": received, "updated_at": closed or opened,
           "due_at": None if closed else due, "closed_at": closed,
           "escalation_level": 1 if late and rnd.random() < 0.8 else 0,
           "extended": rnd.random() < 0.03}
    register = _task(f"r{i}", i, "register", "DOA", received, opened, received + timedelta(days=1))
    handle = _task(f"h{i}", i, "handle", code, opened, closed, due)
    return row, (register, handle)


def _task(tid, i, element, code, created, completed, due):
    return {"id": tid, "case_id": i + 1, "process_key": "petition", "element_id": element,
            "name": element, "candidate_agency": code, "candidate_role": "officer",
            "state": "completed" if completed else "ready", "created_at": created,
            "due_at": due, "completed_at": completed}


def timed(fn, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def weeks(n: int) -> board.BoardFilter:
    last = board.week_of(NOW.astimezone(TAIPEI).date())
    return board.BoardFilter(last - timedelta(weeks=n - 1), last)


def baseline(conn, f: board.BoardFilter):
    """The board computed the naive way, from the raw rows, for comparison."""
    soon = board.due_soon_limit(NOW, board.WorkingCalendar.load(conn))
    c = case.c
    conn.execute(select(c.responsible_agency, func.count(),
                        func.sum(when((c.due_at < NOW, 1), else_=0)),
                        func.sum(when((c.due_at.between(NOW, soon), 1), else_=0)))
                 .where(c.status == "open").group_by(c.responsible_agency)).all()
    start = datetime.combine(f.first_week, datetime.min.time(), TAIPEI)
    end = datetime.combine(f.last_week + timedelta(days=7), datetime.min.time(), TAIPEI)
    t = task.c
    rows = conn.execute(select(t.candidate_agency, t.created_at, t.completed_at, t.due_at)
                        .where(t.state == "completed", t.completed_at >= start,
                               t.completed_at < end)).all()
    per = {}
    for r in rows:
        per.setdefault(r.candidate_agency, []).append(r.completed_at - r.created_at)
    return {k: statistics.median(v) for k, v in per.items()}


def page_timer(url: str):
    """GET /board/ through the Flask app (all agencies, default 12 weeks), as an admin."""
    from engine.time.clock import FrozenClock
    from webapp import create_app, users
    app = create_app({"DATABASE_URL": url, "CLOCK": FrozenClock(NOW), "TESTING": True,
                      "WTF_CSRF_ENABLED": False})
    with app.extensions["civicflow.db"].begin() as conn:
        if conn.execute(text("SELECT 1 FROM app_user WHERE username = 'bench'")).first() is None:
            users.add_user(conn, "bench", "DOA", ["admin"], "bench-password")
    client = app.test_client()
    client.post("/login", data={"username": "bench", "password": "bench-password"})

    def get():
        resp = client.get("/board/")
        assert resp.status_code == 200, resp.status_code
    return get


def measure(url: str, n: int, runs: int) -> None:
    eng = make_engine(url)
    steps = board.BoardFilter(weeks(12).first_week, weeks(12).last_week, process="petition")
    with eng.connect() as conn:
        figures = {
            "board (12 weeks)": timed(lambda: board.agency_board(conn, None, weeks(12), NOW), runs),
            "board (52 weeks)": timed(lambda: board.agency_board(conn, None, weeks(52), NOW), runs),
            "steps (12 weeks)": timed(lambda: board.step_figures(conn, None, steps), runs),
            "baseline (12 weeks)": timed(lambda: baseline(conn, weeks(12)), max(3, runs // 4)),
            "baseline (52 weeks)": timed(lambda: baseline(conn, weeks(52)), max(3, runs // 4)),
        }
        b = board.agency_board(conn, None, weeks(12), NOW)
    eng.dispose()   # (a SQLite connection holds its transaction's lock)
    figures["GET /board/ (page)"] = timed(page_timer(url), runs)
    print(f"\n{n:,} cases: {b.total.open:,} open, {b.total.overdue:,} overdue, "
          f"{b.total.completed:,} tasks completed in 12 weeks, on time {b.total.on_time_rate}%")
    print(f"  {'figure':<22}{'median ms':>11}{'p95 ms':>10}")
    for name, (med, p95) in figures.items():
        print(f"  {name:<22}{med:>11.1f}{p95:>10.1f}")
    ratio = figures["baseline (12 weeks)"][0] / figures["board (12 weeks)"][0]
    print(f"  board is {ratio:.0f}x faster than the baseline (12 weeks)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", default="200000,2000000")
    ap.add_argument("--quick", action="store_true", help="20,000 cases, few runs")
    ap.add_argument("--url", help="a database URL (default: a temporary SQLite file)")
    ap.add_argument("--db", help="keep the SQLite file here (one size only)")
    ap.add_argument("--measure-only", action="store_true", help="the database is built already")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    sizes = [20_000] if args.quick else [int(s) for s in args.cases.split(",")]
    runs = 5 if args.quick else args.runs
    tmp = scratch_dir("board-bench-")
    for n in sizes:
        url = args.url or f"sqlite:///{args.db or f'{tmp}/board-{n}.sqlite'}"
        if not args.measure_only:
            print(f"building {n:,} cases at {url.split('@')[-1]}", flush=True)
            build(url, n)
        measure(url, n, runs)


if __name__ == "__main__":
    main()
