"""HTTP figures of shared/targets.md against the real server (gunicorn).

Prints: cold start; one task completion (single client, median); the whole
petition lifecycle (create + 3 tasks); task completions per second with 32
concurrent clients (p95, errors), on the petition's 'handle' step and on the
three-task BPMN targets.md's throughput was set on (register, handle, review:
tests/engine/fixtures/models/casework.bpmn, bench/engine.py's model); the officer inbox page (50 rows, sorted by
due date) with 1,000,000 open tasks across 200 agencies, beside the same at
10x less data.  The peer's figures from targets.md are printed alongside.

usage: python bench/http.py [--quick] [--workers N] [--threads N] [--json]
                            [--database-url postgresql://...] [--no-inbox]
                            [--worker-class gthread|sync]

--json ends the output with one line of JSON (lifecycle_ms, complete_ms,
completions_per_s_8/_32, p95_ms_8/_32, errors_8/_32, three_task_per_s_32,
three_task_p95_ms_32, three_task_errors_32, inbox_p95_ms, lifecycle_big_ms (the
lifecycle again once the inbox holds its 100,000 or 1,000,000 open tasks), and the
server's CPU time per request: complete_cpu_ms, lifecycle_cpu_ms, cpu_ms_32,
three_task_cpu_ms_32,
with the bench client's own: client_cpu_ms_32).  The CPU figures are the
gunicorn processes' user + system time (workers and their sandbox processes)
over a phase divided by its requests (the single client's: its second half):
on a machine shared with others they move far less than wall times do.
--database-url runs it on that database instead of a new SQLite file: every
table in it is dropped first.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# This file is named like the standard library's `http`: keep bench/ off the path.
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
sys.path.insert(0, str(ROOT.parent))


def _support():
    import importlib.util
    spec = importlib.util.spec_from_file_location("http_support", ROOT / "http_support.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_s = _support()
Client, bulk_inbox_data, free_port, start_gunicorn, stop = (
    _s.Client, _s.bulk_inbox_data, _s.free_port, _s.start_gunicorn, _s.stop)
cpu_seconds = _s.cpu_seconds

from engine.demo import reference  # noqa: E402
from engine.cases.actors import Actor  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.cases.runtime import Engine  # noqa: E402
from webapp import petitions, users  # noqa: E402
try:   # civicflow serve's own choice for this machine
    from webapp.commands.engine import DEFAULT_THREADS, default_workers  # noqa: E402
except ImportError:   # a tree from before `serve` chose (bench/http.py run on an old checkout)
    DEFAULT_THREADS, default_workers = 4, lambda: len(os.sched_getaffinity(0))

PASSWORD = "bench-password"
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
THREE_TASK = ROOT.parent / "tests" / "engine" / "fixtures" / "models" / "casework.bpmn"
REPLY = {"handling_action": "reply", "reply_text": "已處理", "legal_basis": "x", "remedy": "none"}
LETTER = {"channel": "letter", "subject": "路燈", "content": "路燈不亮", "category": "street_light",
          "district": "D-GUSHAN", "language": "zh_TW", "confidential": False, "art173_ground": "none"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def ms(values):
    values = sorted(values)
    return (statistics.median(values) * 1000, values[int(len(values) * 0.95) - 1] * 1000)


def wipe(url: str) -> None:
    """An empty database for a PostgreSQL run (the bench owns it)."""
    from sqlalchemy import text
    db = make_engine(url)
    with db.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    db.dispose()


def setup(url: str) -> dict:
    if not url.startswith("sqlite"):
        wipe(url)
    migrate(url)
    db = make_engine(url)
    with db.begin() as conn:
        reference.load_agencies(conn)
    bulk_inbox_data(db, 0)  # the 200 synthetic agencies, no tasks yet
    with db.begin() as conn:
        for name, code, roles in (("clerk", "DOA", ["intake"]), ("pwb1", "PWB", ["officer"]),
                                  ("b001", "B001", ["officer"])):
            users.add_user(conn, name, code, roles, PASSWORD)
        tokens = {n: users.create_token(conn, n) for n in ("clerk", "pwb1")}
    rt = Engine(db)
    rt.deploy({n: (ROOT.parent / "bpmn" / n).read_bytes()
               for n in ("petition.bpmn", "petition_routing.dmn")})
    rt.deploy({"casework.bpmn": THREE_TASK.read_bytes()})
    return {"db": db, "rt": rt, "tokens": tokens}


def open_handle_tasks(rt, n: int) -> list[str]:
    """n registered letter petitions, each waiting at PWB's 'handle' task."""
    ids = []
    for _ in range(n):
        receipt = petitions.start(rt, LETTER, actor=CLERK)
        with rt.db.connect() as conn:
            reg = petitions.ready_task(conn, receipt.case_id, "register")
        rt.complete(reg.id, CLERK, LETTER)
        with rt.db.connect() as conn:
            ids.append(petitions.ready_task(conn, receipt.case_id).id)
    return ids


def open_three_task_cases(rt, n: int) -> list[str]:
    """n cases of the three-task BPMN (register, handle, review), each waiting
    at PWB's 'handle' task: the model targets.md's throughput was set on."""
    ids = []
    for _ in range(n):
        case_id = rt.start_case("casework", {"title": "bench"}, actor=CLERK)["id"]
        rt.complete(_ready(rt, case_id), CLERK, {"responsible_agency": "PWB", "deadline_days": 6})
        ids.append(_ready(rt, case_id))
    return ids


def _ready(rt, case_id) -> str:
    from sqlalchemy import select
    from engine.data.schema import task
    with rt.db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.state == "ready")).scalar_one()


def single_completion(port, token, ids) -> list[float]:
    client, times = Client(port, token), []
    for tid in ids:
        t0 = time.perf_counter()
        status, _ = client.json("POST", f"/api/v1/tasks/{tid}/complete", {"data": REPLY})
        times.append(time.perf_counter() - t0)
        assert status == 200, status
    return times


def concurrent_completions(port, token, ids, clients=32, data=REPLY):
    chunks = [ids[i::clients] for i in range(clients)]
    times, errors, lock = [], [0], threading.Lock()

    def run(chunk):
        client = Client(port, token)
        for tid in chunk:
            t0 = time.perf_counter()
            try:
                status, _ = client.json("POST", f"/api/v1/tasks/{tid}/complete", {"data": data})
            except OSError:
                status = 0
            with lock:
                times.append(time.perf_counter() - t0)
                errors[0] += status != 200
    threads = [threading.Thread(target=run, args=(c,)) for c in chunks]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(ids) / (time.perf_counter() - t0), times, errors[0]


def lifecycle(port, tokens, rounds) -> list[float]:
    """Create a counter petition, then register, read back and answer it."""
    clerk, officer, times = Client(port, tokens["clerk"]), Client(port, tokens["pwb1"]), []
    counter = dict(LETTER, channel="counter")
    steps = [(clerk, counter), (clerk, {"read_back_text": "紀錄", "read_back_confirmed": True}),
             (officer, REPLY)]
    for _ in range(rounds):
        t0 = time.perf_counter()
        status, body = clerk.json("POST", "/api/v1/cases", {"process": "petition", "data": counter})
        assert status == 201, body
        for who, data in steps:
            _, case = who.json("GET", f"/api/v1/cases/{body['id']}")
            tid = next(t["id"] for t in case["tasks"] if t["state"] == "ready")
            status, _ = who.json("POST", f"/api/v1/tasks/{tid}/complete", {"data": data})
            assert status == 200, status
        times.append(time.perf_counter() - t0)
    return times


def inbox_latency(port, requests_n) -> list[float]:
    client, times = Client(port), []
    client.login("b001", PASSWORD)
    for _ in range(requests_n):
        t0 = time.perf_counter()
        status, page = client.request("GET", "/inbox?view=queue")
        times.append(time.perf_counter() - t0)
        assert status == 200 and page.count(b"<tr") >= 50, status
    return times


SERVER_ENV = {"SECRET_KEY": "bench", "SCHEDULER_ENABLED": "0"}
os.environ["SECRET_KEY"] = SERVER_ENV["SECRET_KEY"]   # status passwords made here verify there


def server(url, args):
    env = {"DATABASE_URL": url, **SERVER_ENV}
    port = free_port()
    proc, cold = start_gunicorn(env, port, args.workers, args.threads,
                                getattr(args, "worker_class", None))
    return proc, port, cold


class Cpu:
    """CPU seconds the server and this client spent during one phase."""

    def __init__(self, proc):
        self.proc = proc

    def __enter__(self):
        self.server, self.client = cpu_seconds(self.proc.pid), time.process_time()
        return self

    def __exit__(self, *exc):
        self.server = cpu_seconds(self.proc.pid) - self.server
        self.client = time.process_time() - self.client


def measured(proc, phase, *args, **kwargs):
    """(what `phase` returns, its Cpu)."""
    with Cpu(proc) as cpu:
        result = phase(*args, **kwargs)
    return result, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="100k/10k inbox tasks, fewer requests")
    ap.add_argument("--workers", type=int, default=default_workers(),
                    help="default: civicflow serve's (one per core)")
    ap.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    ap.add_argument("--json", action="store_true", help="end with one line of JSON")
    ap.add_argument("--database-url", help="run on this (PostgreSQL) database; wiped first")
    ap.add_argument("--worker-class", help="gunicorn's (default: civicflow serve's, webapp/serving.py)")
    ap.add_argument("--no-inbox", action="store_true", help="skip the inbox figures (faster)")
    args = ap.parse_args()
    big = 100_000 if args.quick else 1_000_000
    n_single, n_conc, n_life, n_inbox = (50, 320, 20, 100) if args.quick else (200, 3200, 100, 400)
    tmp = scratch_dir("cf-bench-http-")
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite'}"
    log(f"database {url}; preparing {n_single + 2 * n_conc} open tasks")
    env = setup(url)
    ids = open_handle_tasks(env["rt"], n_single + 2 * n_conc)
    three = open_three_task_cases(env["rt"], n_conc)
    proc, port, cold = server(url, args)
    try:
        # CPU per completion over the second half: the first requests of a
        # fresh worker pay one-off costs (imports, parsing; or its warm-up).
        half = n_single // 2
        single = single_completion(port, env["tokens"]["pwb1"], ids[:half])
        rest, cpu1 = measured(proc, single_completion, port, env["tokens"]["pwb1"],
                              ids[half:n_single])
        single += rest
        load8 = concurrent_completions(port, env["tokens"]["pwb1"],
                                       ids[n_single:n_single + n_conc], clients=8)
        (rate, conc, errors), cpu32 = measured(proc, concurrent_completions, port,
                                               env["tokens"]["pwb1"], ids[n_single + n_conc:])
        life, cpu_life = measured(proc, lifecycle, port, env["tokens"], n_life)
        load3, cpu3 = measured(proc, concurrent_completions, port, env["tokens"]["pwb1"], three,
                               data={"reply_text": "已處理"})
        small_inbox = None if args.no_inbox else fill_and_time(env, port, big // 10, 0, n_inbox)
    finally:
        stop(proc)
    big_inbox, big_life, cold_big = inbox_after_restart(env, url, args, big, n_inbox, n_life)
    cpu = {"complete_cpu_ms": 1000 * cpu1.server / (n_single - n_single // 2),
           "lifecycle_cpu_ms": 1000 * cpu_life.server / n_life,
           "cpu_ms_32": 1000 * cpu32.server / n_conc, "client_cpu_ms_32": 1000 * cpu32.client / n_conc,
           "three_task_cpu_ms_32": 1000 * cpu3.server / n_conc}
    report(args, cold, cold_big, single, rate, conc, errors, life, small_inbox, (big_inbox, big_life),
           big, load8, url, cpu, load3)
    if args.json:
        print(json.dumps(figures(single, life, load8, (rate, conc, errors), (big_inbox, big_life),
                                 cpu, load3)))


def fill_and_time(env, port, n_tasks, start_id, n_requests):
    log(f"inbox: {start_id + n_tasks} open tasks")
    bulk_inbox_data(env["db"], n_tasks, start_id=start_id)
    return inbox_latency(port, n_requests)


def inbox_after_restart(env, url, args, big, n_inbox, n_life):
    """The inbox and the petition lifecycle at `big` open tasks, on a server
    started after the fill (a command's statements must not grow with the
    city's open tasks); (None, None, 0) if skipped."""
    if args.no_inbox:
        return None, None, 0.0
    log(f"inbox: {big} open tasks")
    bulk_inbox_data(env["db"], big - big // 10, start_id=big // 10)
    proc, port, cold_big = server(url, args)
    try:
        return inbox_latency(port, n_inbox), lifecycle(port, env["tokens"], n_life), cold_big
    finally:
        stop(proc)


def figures(single, life, load8, load32, at_scale, cpu=None, load3=None) -> dict:
    big_inbox, big_life = at_scale
    out = {"lifecycle_ms": ms(life)[0], "complete_ms": ms(single)[0]}
    loads = [("completions_per_s_8", "p95_ms_8", "errors_8", load8),
             ("completions_per_s_32", "p95_ms_32", "errors_32", load32)]
    if load3:
        loads.append(("three_task_per_s_32", "three_task_p95_ms_32", "three_task_errors_32", load3))
    for rate_key, p95_key, errors_key, (rate, times, errors) in loads:
        out.update({rate_key: rate, p95_key: ms(times)[1], errors_key: errors})
    if big_inbox:
        out["inbox_p95_ms"] = ms(big_inbox)[1]
        out["lifecycle_big_ms"] = ms(big_life)[0]
    out.update(cpu or {})
    return {k: round(v, 2) for k, v in out.items()}


def report(args, cold, cold_big, single, rate, conc, errors, life, small, at_scale, n_big, load8,
           url, cpu, load3):
    big, big_life = at_scale
    dialect = "SQLite (WAL)" if url.startswith("sqlite") else "PostgreSQL"
    print(f"gunicorn {args.worker_class or 'as civicflow serve'}, {args.workers} workers x {args.threads} threads, {dialect}")
    print(f"{'figure':58} {'civicflow':>22} {'target / peer':>26}")
    rows = [
        ("cold start (empty / with the big inbox)", f"{cold:.2f} s / {cold_big:.2f} s", "<= 3 s"),
        ("complete one task, single client (median, p95)", "%.1f / %.1f ms" % ms(single),
         "<= 5 ms / peer ~100 ms"),
        ("petition lifecycle create+3 tasks (median, p95)", "%.1f / %.1f ms" % ms(life),
         "<= 20 ms / peer ~350 ms"),
        (f"completions/s, 8 clients ({len(load8[1])} tasks, errors {load8[2]})",
         f"{load8[0]:.0f}/s", ""),
        ("  ... latency under that load (median, p95)", "%.1f / %.1f ms" % ms(load8[1]), ""),
        (f"completions/s, 32 clients ({len(conc)} tasks, errors {errors})", f"{rate:.0f}/s",
         ">= 500/s / peer ~10/s @8"),
        ("  ... latency under that load (median, p95)", "%.1f / %.1f ms" % ms(conc), "p95 <= 50 ms"),
        ("server CPU per request: one completion / lifecycle / @32",
         "%.1f / %.1f / %.1f ms" % (cpu["complete_cpu_ms"], cpu["lifecycle_cpu_ms"],
                                    cpu["cpu_ms_32"]), ""),
        ("  ... the bench client's own CPU per completion @32", "%.1f ms" % cpu["client_cpu_ms_32"], ""),
        (f"three-task BPMN: completions/s, 32 clients (errors {load3[2]})", f"{load3[0]:.0f}/s",
         ">= 500/s"),
        ("  ... latency (median, p95); server CPU per completion",
         "%.1f / %.1f ms" % ms(load3[1]) + "; %.1f ms" % cpu["three_task_cpu_ms_32"], "p95 <= 50 ms"),
    ]
    if big:
        rows += [
            (f"inbox page, 50 rows, {n_big // 10:,} open tasks (median, p95)", "%.1f / %.1f ms" % ms(small), ""),
            (f"inbox page, 50 rows, {n_big:,} open tasks (median, p95)", "%.1f / %.1f ms" % ms(big),
             "p95 <= 20 ms"),
            (f"petition lifecycle at {n_big:,} open tasks (median, p95)", "%.1f / %.1f ms" % ms(big_life),
             "<= 20 ms"),
        ]
    for name, value, target in rows:
        print(f"{name:58} {value:>22} {target:>26}")


if __name__ == "__main__":
    main()
