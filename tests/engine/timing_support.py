"""Databases and cases for the calendar, notify and scheduler tests.

`TEST_POSTGRES_URL` (or TEST_DATABASE_URL pointing at postgres) selects a
PostgreSQL database for the race tests; every test gets fresh tables.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone

from sqlalchemy import insert, select, update

from engine.data import audit as audit_trail
from engine.data.db import make_engine, migrate
from engine.data.schema import audit, case, metadata, process_definition, timer

from db_reset import empty_postgres  # next to this file (tests/engine)

T0 = datetime(2025, 3, 3, 1, 0, tzinfo=timezone.utc)


def postgres_url() -> str | None:
    for name in ("TEST_POSTGRES_URL", "TEST_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgres"):
            return url
    return None


def fresh_db(url: str):
    """An engine on `url` with every table present and empty.

    Truncated rather than dropped, so a PostgreSQL database shared with the
    conftest fixtures (migrated by Alembic) keeps its schema.
    """
    migrate(url)  # the schema only comes from the migrations, as everywhere else
    if url.startswith("postgres"):
        empty_postgres(url)   # db_reset.py: what conftest's per-test reset does
        return make_engine(url)
    eng = make_engine(url)
    with eng.begin() as conn:
        for t in reversed(metadata.sorted_tables):
            conn.execute(t.delete())
    return eng

def add_cases(conn, count: int, now=T0) -> list[int]:
    """`count` open cases of a dummy definition; returns their ids."""
    def_id = conn.execute(select(process_definition.c.id)).scalar()
    if def_id is None:
        def_id = conn.execute(insert(process_definition).values(
            key="petition", version=1, content_hash="x", sources="{}", meta="{}",
            deployed_at=now).returning(process_definition.c.id)).scalar_one()
    first = conn.execute(select(case.c.id).order_by(case.c.id.desc())).scalar() or 0
    rows = [dict(number=f"T{first + i + 1:08d}", definition_id=def_id,
                 process_key="petition", status="open", received_at=now,
                 created_at=now, updated_at=now) for i in range(count)]
    conn.execute(insert(case), rows)
    return list(conn.execute(select(case.c.id).where(case.c.id > first)).scalars())


def add_timers(conn, case_ids, due_at) -> None:
    conn.execute(insert(timer), [
        dict(case_id=cid, task_id=f"t{cid}", element_id="timer", due_at=due_at,
             state="pending") for cid in case_ids])


class RecordingRuntime:
    """Stands in for engine.runtime.Engine in scheduler tests.

    fire_timer does what the runtime guarantees: in one transaction, fire the
    timer only if it is still claimed by `worker`, and write an audit row.
    The tests count audit rows per timer to prove "exactly once".
    """

    def __init__(self, db_engine, delay: float = 0.0):
        self.db = db_engine
        self.delay = delay

    def fire_timers(self, timer_ids: list[int], worker: str) -> int:
        return sum(self.fire_timer(timer_id, worker) for timer_id in timer_ids)

    def fire_timer(self, timer_id: int, worker: str) -> bool:
        import time
        if self.delay:
            time.sleep(self.delay)
        now = datetime.now(timezone.utc)
        with self.db.begin() as conn:
            res = conn.execute(update(timer).where(
                timer.c.id == timer_id, timer.c.state == "claimed",
                timer.c.claimed_by == worker).values(state="fired", fired_at=now))
            if res.rowcount != 1:
                return False
            cid = conn.execute(select(timer.c.case_id).where(timer.c.id == timer_id)).scalar()
            audit_trail.record(conn, case_id=cid, at=now, actor=worker, action="timer_fired",
                               timer_id=timer_id)
        return True


def fired_counts(conn) -> dict[int, int]:
    """timer id -> how many times it was fired (audit rows)."""
    counts: dict[int, int] = {}
    for (detail,) in conn.execute(select(audit.c.detail).where(audit.c.action == "timer_fired")):
        tid = json.loads(detail)["timer_id"]
        counts[tid] = counts.get(tid, 0) + 1
    return counts
