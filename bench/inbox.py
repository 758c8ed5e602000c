"""bench/inbox.py: the officer inbox and the supervisor's whole-agency list at scale.

Fills a database with N open tasks over 200 agencies by bulk INSERTs (not the
engine): one case per open task (nine in ten petitions with a category, one in
ten facility repairs whose 類別 comes from the case data), a completed
registration step per case, a quarter of the open tasks held by one of the
agency's five officers, agencies of uneven size (the viewer's, B000, is the
largest), deadlines from a month overdue to a month ahead, a few undated.
Then times, through the Flask test client, each inbox page (median, p95) and
every SQL statement one page sends, with its plan (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL).

  .venv/bin/python bench/inbox.py --tasks 1000000 --db /tmp/inbox-1m.sqlite
  .venv/bin/python bench/inbox.py --tasks 1000000 --url postgresql://civicflow:civicflow@127.0.0.1:5432/civicflow_bench
  .venv/bin/python bench/inbox.py --measure-only --db /tmp/inbox-1m.sqlite --plans
  .venv/bin/python bench/inbox.py --measure-only --db ... --tree /tmp/inbox-before   # an older checkout's code

--tree runs the pages with another checkout's engine and webapp (the
"before" of a change) against the same database; its migrate() brings the
schema to that checkout's head, so run the older tree first.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tree_from_argv() -> Path:
    """The checkout whose code is measured (read before anything imports it)."""
    if "--tree" in sys.argv:
        return Path(sys.argv[sys.argv.index("--tree") + 1]).resolve()
    return ROOT


TREE = _tree_from_argv()
# bench/http.py is named like the standard library's `http`: keep bench/ off the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(TREE))

from sqlalchemy import event, insert, select, text  # noqa: E402

from engine.data.db import make_engine, migrate  # noqa: E402
from engine.data.schema import agency, app_user, case, process_definition, task  # noqa: E402

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
AGENCIES, OFFICERS, CHUNK = 200, 5, 20_000
PASSWORD = "bench-password"
CATEGORIES = ("road_damage", "street_light", "illegal_building", "traffic_signal", "parking",
              "illegal_parking", "noise", "air_pollution", "garbage", "drainage", "public_health",
              "food_safety", "stray_animals", "flooding", "dengue", "building_safety", "other")
TRADES = ("plumbing_electrical", "civil", "telecom", "fire_safety", "air_conditioning", "lift")
SUBJECTS = ("路燈不亮", "道路坑洞", "違規停車", "噪音擾鄰", "垃圾未清", "側溝堵塞", "流浪犬", "積水")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- filling -------------------------------------------------------------------------------

def _migrate(url: str) -> None:
    """migrate(), keeping sys.path: alembic.ini's prepend_sys_path puts the
    working directory first, which would mix two checkouts under --tree."""
    saved = list(sys.path)
    migrate(url)
    sys.path[:] = saved


def fill(url: str, n: int) -> None:
    _wipe(url)
    _migrate(url)
    eng = make_engine(url)
    definitions = _deploy(eng)
    _people(eng)
    weights = [1 / (k + 1) ** 0.5 for k in range(AGENCIES)]   # a few large agencies, many small
    rnd, t0 = random.Random(15), time.perf_counter()
    for lo in range(0, n, CHUNK):
        codes = rnd.choices(range(AGENCIES), weights, k=min(CHUNK, n - lo))
        rows = [_case_and_tasks(rnd, lo + j, k, definitions) for j, k in enumerate(codes)]
        with eng.begin() as conn:
            conn.execute(insert(case), [r[0] for r in rows])
            conn.execute(insert(task), [t for r in rows for t in r[1:]])
        if (lo + CHUNK) % 200_000 == 0 or lo + CHUNK >= n:
            log(f"  {min(n, lo + CHUNK):>9,} open tasks  {time.perf_counter() - t0:6.1f} s")
    _planner_stats().refresh(eng)
    eng.dispose()


def _planner_stats():
    """bench/planner_stats.py of this checkout, by its file: under --tree the
    other checkout comes first on sys.path and may not have it."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("planner_stats", ROOT / "bench" / "planner_stats.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wipe(url: str) -> None:
    if url.startswith("sqlite"):
        Path(url.split("///", 1)[1]).unlink(missing_ok=True)
        return
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    eng.dispose()


def _deploy(eng) -> dict:
    """The shipped petition and facility repair models, deployed by the engine."""
    from engine.cases.runtime import Engine
    from engine.demo import reference
    with eng.begin() as conn:
        reference.load_agencies(conn)
    Engine(eng).deploy({n: (TREE / "bpmn" / n).read_bytes() for n in
                        ("petition.bpmn", "petition_routing.dmn", "facility_repair.bpmn")})
    with eng.connect() as conn:
        return dict(conn.execute(select(process_definition.c.key, process_definition.c.id)).all())


def _people(eng) -> None:
    """200 agencies B000-B199, each with five officers and a supervisor (one
    password hash for all: scrypt a thousand times would take minutes)."""
    from werkzeug.security import generate_password_hash
    pw = generate_password_hash(PASSWORD)
    with eng.begin() as conn:
        conn.execute(insert(agency), [{"code": _code(k), "name_zh": f"機關{k}",
                                       "name_en": f"Agency {k}"} for k in range(AGENCIES)])
        conn.execute(insert(app_user), [
            {"username": name, "password_hash": pw, "display_name": name, "agency_code": _code(k),
             "roles": roles, "created_at": NOW}
            for k in range(AGENCIES) for name, roles in _staff(k)])


def _code(k: int) -> str:
    return f"B{k:03d}"


def _staff(k: int) -> list:
    return [(f"o{k:03d}-{j}", "officer") for j in range(OFFICERS)] + [(f"s{k:03d}", "supervisor")]


def _case_and_tasks(rnd: random.Random, i: int, k: int, definitions: dict) -> tuple:
    received = NOW - timedelta(days=rnd.random() * 40)
    repair = rnd.random() < 0.1
    subject = rnd.choice(SUBJECTS)
    due = received + timedelta(days=8.6) if rnd.random() > 0.005 else None
    row = {"id": i + 1, "number": f"115{i:09d}", "status": "open",
           "definition_id": definitions["facility_repair" if repair else "petition"],
           "process_key": "facility_repair" if repair else "petition",
           "title": f"設施報修：{subject}" if repair else f"{subject}（第{i}號）",
           "category": None if repair else rnd.choice(CATEGORIES),
           "channel": rnd.choice(("web", "phone", "letter", "1999")), "responsible_agency": _code(k),
           "received_at": received, "created_at": received, "updated_at": received, "due_at": due,
           "summary": json.dumps({"trade": rnd.choice(TRADES)} if repair else {})}
    held = f"o{k:03d}-{rnd.randrange(OFFICERS)}" if rnd.random() < 0.25 else None
    register = {"id": f"r{i:09d}", "case_id": i + 1, "process_key": "petition",
                "element_id": "register", "name": "登記陳情", "candidate_agency": "DOA",
                "candidate_role": "intake", "state": "completed", "created_at": received,
                "due_at": received + timedelta(days=1), "completed_at": received + timedelta(hours=2),
                "completed_by": "clerk", "assignee": "clerk", "priority": 0}
    element, name = ("inspect", "驗收") if repair else ("handle", "辦理並擬復")
    handle = {"id": f"h{i:09d}", "case_id": i + 1, "process_key": row["process_key"],
              "element_id": element, "name": name, "candidate_agency": _code(k),
              "candidate_role": "officer", "assignee": held, "state": "ready",
              "priority": rnd.choices((0, 1, 2), (80, 15, 5))[0],
              "created_at": received + timedelta(hours=2), "due_at": due,
              "completed_at": None, "completed_by": None}
    return row, register, handle


# -- measuring -----------------------------------------------------------------------------

OFFICER, SUPERVISOR, ADMIN = "o000-0", "s000", "bench-admin"
PAGES = [   # (who, path)
    (OFFICER, "/inbox"),
    (OFFICER, "/inbox?view=queue"),
    (OFFICER, "/inbox?view=queue&category=noise"),
    (OFFICER, "/inbox?view=queue&process=facility_repair"),
    (OFFICER, "/inbox?view=queue&overdue=1&priority=2"),
    (OFFICER, "/inbox?view=queue&sort=-priority"),
    (OFFICER, "/inbox?view=queue&page=40"),
    (OFFICER, "/inbox?view=queue&q=%E8%B7%AF%E7%87%88"),
    (SUPERVISOR, "/inbox?view=team"),
    (SUPERVISOR, "/inbox?view=team&assignee=o000-1"),
    (ADMIN, "/inbox?view=team"),
]


def app_for(url: str):
    from engine.time.clock import FrozenClock
    from webapp import create_app
    app = create_app({"DATABASE_URL": url, "CLOCK": FrozenClock(NOW), "TESTING": True,
                      "WTF_CSRF_ENABLED": False, "SCHEDULER_ENABLED": False})
    with app.extensions["civicflow.db"].begin() as conn:
        if conn.execute(select(app_user.c.id).where(app_user.c.username == ADMIN)).first() is None:
            from werkzeug.security import generate_password_hash
            conn.execute(insert(app_user).values(
                username=ADMIN, password_hash=generate_password_hash(PASSWORD), display_name=ADMIN,
                agency_code="DOA", roles="admin", created_at=NOW))
    return app


def clients(app) -> dict:
    out = {}
    for who in (OFFICER, SUPERVISOR, ADMIN):
        c = out[who] = app.test_client()
        resp = c.post("/login", data={"username": who, "password": PASSWORD})
        assert resp.status_code in (302, 303), (who, resp.status_code)
    return out


class Statements:
    """Every statement the app's engine sends, with its time."""

    def __init__(self, eng):
        self.on, self.seen = False, []
        event.listen(eng, "before_cursor_execute", self._before)
        event.listen(eng, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, params, context, executemany):
        conn.info["t0"] = time.perf_counter()

    def _after(self, conn, cursor, statement, params, context, executemany):
        if self.on:
            self.seen.append((statement, params, (time.perf_counter() - conn.info["t0"]) * 1000))


def timed_page(client, path: str, runs: int) -> tuple[float, float]:
    samples = []
    for _ in range(runs + 2):
        t0 = time.perf_counter()
        resp = client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
        assert resp.status_code == 200, (path, resp.status_code)
    samples = sorted(samples[2:])   # two warm-up requests
    return statistics.median(samples), samples[min(len(samples) - 1, int(0.95 * len(samples)))]


def plan(eng, statement: str, params) -> list[str]:
    with eng.connect() as conn:
        if eng.dialect.name == "postgresql":
            rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params).all()
            return [r[0] for r in rows]
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
        return [r[-1] for r in rows]


def measure(url: str, runs: int, plans: bool) -> dict:
    app = app_for(url)
    eng = app.extensions["civicflow.db"]
    who, stmts, out = clients(app), Statements(eng), {}
    for user, path in PAGES:
        med, p95 = timed_page(who[user], path, runs)
        stmts.seen, stmts.on = [], True
        who[user].get(path)
        stmts.on = False
        sql_ms = sum(s[2] for s in stmts.seen)
        out[f"{user} {path}"] = {"median_ms": round(med, 1), "p95_ms": round(p95, 1),
                                 "statements": len(stmts.seen), "sql_ms": round(sql_ms, 1)}
        log(f"{med:8.1f} {p95:8.1f} ms  {len(stmts.seen):3d} stmts {sql_ms:7.1f} ms SQL  {user} {path}")
        if plans:
            _show_plans(eng, stmts.seen)
    return out


def _show_plans(eng, seen) -> None:
    for statement, params, took in sorted(seen, key=lambda s: -s[2])[:6]:
        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        one_line = " ".join(statement.split())
        log(f"    {took:7.2f} ms  {one_line[:150]}")
        lines = plan(eng, statement, params)
        for line in lines[:10] + [x for x in lines[10:] if x.startswith(("Planning", "Execution"))]:
            log(f"               | {line}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=100_000, help="open tasks to fill")
    ap.add_argument("--url", help="a PostgreSQL URL (wiped when filling)")
    ap.add_argument("--db", default="/tmp/inbox-bench.sqlite", help="the SQLite file otherwise")
    ap.add_argument("--measure-only", action="store_true", help="keep the filled database")
    ap.add_argument("--fill-only", action="store_true")
    ap.add_argument("--tree", help="measure another checkout's code (the 'before')")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--plans", action="store_true", help="the plan of each page's slowest statements")
    ap.add_argument("--json", action="store_true", help="end with one line of JSON")
    args = ap.parse_args()
    url = args.url or f"sqlite:///{args.db}"
    if not args.measure_only:
        log(f"filling {args.tasks:,} open tasks at {url.split('@')[-1]}")
        fill(url, args.tasks)
    if args.fill_only:
        return
    _migrate(url)   # this tree's head (the "after" adds its indexes here)
    figures = measure(url, args.runs, args.plans)
    if args.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
