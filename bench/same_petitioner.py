"""bench/same_petitioner.py: the earlier cases of the same petitioner beside a
new one (engine/cases/queries.same_petitioner) with N cases in its 90 days.

Builds a database with bulk inserts: N petitions received over the last 90
days (and as many again the year before, outside the window), each with a
petitioner whose phone is written one of several ways (0911-222-333,
+886 911 222 333...) and, for a third of them, an e-mail; about two cases
per person. Then times, in the same run, for a sample of cases:

  keyed    queries.same_petitioner: each contact key by its index
           (key, received_at), migration 0022
  window   the query before 0022: every case of the 90 days by
           ix_case_received, each one's petitioner row, the phone
           normalised in SQL (kept here as the baseline)

each as an administrator and as an intake clerk (whose access checks run
on the matches only).

  .venv/bin/python bench/same_petitioner.py --cases 100000
  .venv/bin/python bench/same_petitioner.py --url postgresql://civicflow:civicflow@127.0.0.1:5432/own_db
(a PostgreSQL database given with --url is emptied first: give it one of its own)
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

# The repository, not bench/ (bench/http.py would shadow the standard library).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, or_, select  # noqa: E402

from engine.cases import petitioner_keys, queries  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.data.schema import case, petitioner, process_definition  # noqa: E402
from bench import bulk_db, planner_stats  # noqa: E402

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
CHUNK, WINDOW = 20_000, 90
ADMIN = queries.Viewer("admin", "DOA", frozenset({"admin"}))
CLERK = queries.Viewer("clerk", "DOA", frozenset({"intake"}))
FORMS = ("0911-{a}-{b}", "0911{a}{b}", "+886 911 {a} {b}", "(0911) {a}.{b}")


def build(url: str, n: int) -> None:
    migrate(url)
    eng = make_engine(url)
    with eng.begin() as conn:
        bulk_db.empty(conn)
        conn.execute(insert(process_definition).values(
            id=1, key="petition", version=1, content_hash="bench", sources="{}", meta="{}",
            deployed_at=NOW))
    rnd, people, t0 = random.Random(42), max(1, n // 2), time.perf_counter()
    for start in range(0, 2 * n, CHUNK):   # the window's n, then n the year before
        ids = range(start, min(2 * n, start + CHUNK))
        rows = [_case(rnd, i, n) for i in ids]
        with eng.begin() as conn:
            conn.execute(insert(case), rows)
            conn.execute(insert(petitioner), [
                _petitioner(rnd, i + 1, r["received_at"], rnd.randrange(people)) for i, r in zip(ids, rows)])
    print(f"  {2 * n:,} cases and petitioners in {time.perf_counter() - t0:.1f} s", flush=True)
    planner_stats.refresh(eng)
    eng.dispose()


def _case(rnd, i: int, n: int) -> dict:
    back = rnd.uniform(0, WINDOW) + (0 if i < n else 365)
    at = NOW - timedelta(days=back)
    return dict(number=f"B{i:09d}", definition_id=1, process_key="petition", status="open",
                title="路燈不亮", category="street_light", received_at=at, created_at=at,
                updated_at=at, responsible_agency=f"A{i % 50:02d}")


def _petitioner(rnd, case_id: int, received_at, person: int) -> dict:
    a, b = divmod(person, 1000)
    phone = rnd.choice(FORMS).format(a=f"{a:03d}", b=f"{b:03d}")
    email = f"p{person}@example.tw" if person % 3 == 0 else None
    return petitioner_keys.row(case_id, received_at, {"name": "王", "phone": phone, "email": email,
                                                       "address": None})


def window_scan(conn, viewer, case_row, days: int = 90, limit: int = 10) -> list:
    """The query before migration 0022: the window's every case and its petitioner."""
    person = queries.petitioner_of(conn, case_row.id)
    phone, email = petitioner_keys.normal_phone(person.phone), petitioner_keys.normal_email(person.email)
    column = petitioner.c.phone
    for old, new in petitioner_keys.PHONE_STEPS:
        column = func.replace(column, old, new)
    matches = ([column == phone] if phone else []) + (
        [func.lower(petitioner.c.email) == email] if email else [])
    matching = (select(case.c.id).join(petitioner, petitioner.c.case_id == case.c.id)
                .where(case.c.received_at >= case_row.received_at - timedelta(days=days),
                       case.c.id != case_row.id, or_(*matches)))
    # identity_shown (named _identity_shown before 91c0478: the bench also runs older trees)
    shown = getattr(queries, "identity_shown", None) or queries._identity_shown
    q = select(case.c.id, case.c.number, case.c.title, case.c.status, case.c.received_at).where(
        case.c.id.in_(matching), queries._shared_with(viewer, case.c.id),
        shown(viewer))
    return conn.execute(q.order_by(case.c.received_at.desc()).limit(limit)).all()


def measure(url: str, n: int, samples: int) -> None:
    eng = make_engine(url)
    with eng.connect() as conn:
        newest = conn.execute(select(case).order_by(case.c.received_at.desc()).limit(samples)).all()
        for name, call in (("keyed", queries.same_petitioner), ("window", window_scan)):
            for label, viewer in (("admin", ADMIN), ("intake", CLERK)):
                times, found = [], 0
                for row in newest:
                    t0 = time.perf_counter()
                    found += len(call(conn, viewer, row))
                    times.append((time.perf_counter() - t0) * 1000)
                print(f"  {name:<7}{label:<7} median {statistics.median(times):8.2f} ms   "
                      f"max {max(times):8.2f} ms   ({found} matches over {len(newest)} cases)",
                      flush=True)
    eng.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=100_000, help="cases in the 90-day window")
    ap.add_argument("--samples", type=int, default=50)
    ap.add_argument("--url", help="a PostgreSQL database of its own (emptied); default: SQLite")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{Path(tmp) / 'same.sqlite'}"
        print(f"{args.cases:,} cases in the window, {url.split(':')[0]}")
        build(url, args.cases)
        measure(url, args.cases, args.samples)


if __name__ == "__main__":
    main()
