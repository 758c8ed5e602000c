"""What one deadline computation costs the runtime (engine/time/calendar.py).

A command asks for the calendar of the agency a deadline is counted for
(`for_agency`: the cached override probe, and the agency's district when some
closure names districts), then counts working days on it. Measured on a
migrated SQLite file with three agencies (two in named districts), in microseconds per
computation (median of --rounds rounds of --ops computations each):

- city: no district closures (the usual case);
- district: a typhoon closure for two districts, agencies of both kinds;
- new year: the first computation that reaches a year the process has not
  counted yet (a fresh calendar module state: the `holidays` tables built).

usage: python bench/working_calendar.py [--ops 2000] [--rounds 5] [--url URL] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path.insert(0, str(ROOT))

from engine.data.db import make_engine, migrate  # noqa: E402
from engine.data.schema import agency  # noqa: E402
from engine.time import calendar as wcal  # noqa: E402

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
AGENCIES = {"DOA": "LINGYA", "D-NANZI": "NANZI", "EPB": None}   # code: district
START = date(2026, 2, 10)


def prepare(url: str | None):
    if url is None:
        url = f"sqlite:///{scratch_dir()}/calendar.sqlite"
    migrate(url)
    db = make_engine(url)
    with db.begin() as conn:
        conn.execute(agency.insert(), [dict(code=c, name_zh=c, name_en=c, district=d)
                                       for c, d in AGENCIES.items()])
        for day in wcal.list_overrides(conn):
            wcal.remove_override(conn, day.day)
        wcal.set_override(conn, date(2026, 4, 7), wcal.WORKDAY, reason="bench", by="bench", now=NOW)
    return db


def per_op_us(db, ops: int, rounds: int) -> float:
    """Median over rounds of the cost of one for_agency + 10-working-day count."""
    times, codes = [], list(AGENCIES)
    with db.connect() as conn:
        for _ in range(rounds):
            t0 = time.perf_counter()
            for i in range(ops):
                cal = wcal.for_agency(conn, codes[i % 3])
                cal.add_working_days(START, 10)
            times.append((time.perf_counter() - t0) / ops * 1e6)
    return statistics.median(times)


def close_districts(db) -> None:
    with db.begin() as conn:
        wcal.set_override(conn, date(2026, 3, 10), wcal.HOLIDAY, reason="颱風停班", by="bench",
                          now=NOW, districts={"LINGYA", "FENGSHAN"})


def new_year_us(db) -> float:
    """A year no calendar of this process has counted: its holiday table is built."""
    with db.connect() as conn:
        t0 = time.perf_counter()
        wcal.for_agency(conn, "DOA").add_working_days(date(2031, 3, 3), 10)
        return (time.perf_counter() - t0) * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--url", default=None, help="a database to use (default: a new SQLite file)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    db = prepare(args.url)
    figures = {"new_year_us": new_year_us(db), "city_us": per_op_us(db, args.ops, args.rounds)}
    close_districts(db)
    figures["district_us"] = per_op_us(db, args.ops, args.rounds)
    for name, value in figures.items():
        print(f"{name:12} {value:10.1f} us per deadline computation")
    if args.json:
        print(json.dumps({k: round(v, 1) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
