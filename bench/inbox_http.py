"""bench/inbox_http.py: only the inbox figure of bench/http.py, at the
targets' size, on a database that is filled once and kept.

The officer inbox page (GET /inbox?view=queue, 50 rows sorted by due date)
through the real server (gunicorn, civicflow serve's workers and threads),
with N open tasks across 200 agencies filled as bench/http.py fills them
(bench/http_support.bulk_inbox_data: the viewer's agency B001 holds N/200).
--tree serves another checkout's code (the "before" of a change) from the
same database: run before and after alternately.

  .venv/bin/python bench/inbox_http.py --fill-only --tasks 1000000 --db /tmp/inbox-http-1m.sqlite
  .venv/bin/python bench/inbox_http.py --db /tmp/inbox-http-1m.sqlite --requests 400
  .venv/bin/python bench/inbox_http.py --db /tmp/inbox-http-1m.sqlite --tree /tmp/before
  .venv/bin/python bench/inbox_http.py --url postgresql://civicflow:civicflow@127.0.0.1:5432/... ...
  .venv/bin/python bench/inbox_http.py --db /tmp/inbox-1m.sqlite --user o000-0   # bench/inbox.py's database
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]


def _bench_module(name: str, file: str):
    """A sibling script by its file: bench/ stays off sys.path (bench/http.py
    is named like the standard library's `http`)."""
    spec = importlib.util.spec_from_file_location(name, BENCH / file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


http_bench = _bench_module("http_bench", "http.py")   # setup, server, inbox_latency


def fill(url: str, n: int) -> None:
    """bench/http.py's database (agencies, the b001 officer, the petition
    model) with n open tasks; an existing SQLite file is replaced."""
    if url.startswith("sqlite:///"):
        Path(url.split("///", 1)[1]).unlink(missing_ok=True)
    t0 = time.perf_counter()
    env = http_bench.setup(url)
    http_bench.bulk_inbox_data(env["db"], n)
    env["db"].dispose()
    http_bench.log(f"filled {n:,} open tasks in {time.perf_counter() - t0:.0f} s")


def measure(url: str, args) -> dict:
    """Start gunicorn on `args.tree`'s code (its working directory comes first
    on the workers' sys.path), time the page, stop it."""
    here, tree = os.getcwd(), str(Path(args.tree or BENCH.parent).resolve())
    os.chdir(tree)
    os.environ["PYTHONPATH"] = tree
    if hasattr(http_bench._s, "TREE"):   # http_support serves its own checkout unless told
        http_bench._s.TREE = tree
    try:
        proc, port, cold = http_bench.server(url, args)
    finally:
        os.chdir(here)
    try:
        page_latency(port, args.user, args.path, 10)   # warm-up: templates compiled, pools filled
        # The server's CPU per page barely moves with the others' load; wall time does.
        cpu0 = http_bench.cpu_seconds(proc.pid)
        times = page_latency(port, args.user, args.path, args.requests)
        cpu_ms = (http_bench.cpu_seconds(proc.pid) - cpu0) * 1000 / len(times)
    finally:
        http_bench.stop(proc)
    median, p95 = http_bench.ms(times)
    return {"tree": str(args.tree or BENCH.parent), "user": args.user, "path": args.path,
            "requests": len(times), "server_cpu_ms_per_page": round(cpu_ms, 2),
            "inbox_median_ms": round(median, 2), "inbox_p95_ms": round(p95, 2),
            "cold_start_s": round(cold, 2)}


def page_latency(port, user: str, path: str, n: int) -> list[float]:
    """bench/http.py's inbox_latency for any officer and page: one signed-in
    keep-alive client, n requests one after the other, each a full page."""
    client, times = http_bench.Client(port), []
    client.login(user, http_bench.PASSWORD)
    for _ in range(n):
        t0 = time.perf_counter()
        status, page = client.request("GET", path)
        times.append(time.perf_counter() - t0)
        assert status == 200 and page.count(b"<tr") >= 50, status
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=1_000_000, help="open tasks to fill")
    ap.add_argument("--db", default="/tmp/inbox-http.sqlite", help="the SQLite file")
    ap.add_argument("--url", help="a PostgreSQL URL instead (wiped when filling)")
    ap.add_argument("--fill-only", action="store_true")
    ap.add_argument("--fill", action="store_true", help="fill first (else: measure what is there)")
    ap.add_argument("--tree", help="serve another checkout's code (the 'before')")
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--user", default="b001",
                    help="who signs in (o000-0: bench/inbox.py's largest agency, on its database)")
    ap.add_argument("--path", default="/inbox?view=queue")
    ap.add_argument("--workers", type=int, default=http_bench.default_workers())
    ap.add_argument("--threads", type=int, default=http_bench.DEFAULT_THREADS)
    args = ap.parse_args()
    url = args.url or f"sqlite:///{Path(args.db).resolve()}"
    if args.fill or args.fill_only:
        fill(url, args.tasks)
    if args.fill_only:
        return
    figures = measure(url, args)
    print(f"inbox page, 50 rows ({figures['tree']}): median {figures['inbox_median_ms']:.1f} ms,"
          f" p95 {figures['inbox_p95_ms']:.1f} ms over {figures['requests']} requests;"
          f" server CPU {figures['server_cpu_ms_per_page']:.1f} ms a page")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
