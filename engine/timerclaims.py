"""Timer rows in the database: who fires what.

Any number of scheduler processes may share one database. A due timer is
claimed atomically (engine/claims.py) by exactly one of them; the runtime's
fire_timer then fires it only while it is still claimed by that worker, in
the same transaction that advances the case. A claim older than the lease
belongs to a dead worker and is put back to pending.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Connection

from .claims import claim
from .deadlines import as_utc
from .schema import timer


def claim_due(conn: Connection, now: datetime, worker: str, limit: int) -> list[int]:
    """Claim up to `limit` pending timers due at `now`, earliest first."""
    now = as_utc(now)  # SQLite compares instants as naive UTC text
    rows = claim(conn, timer, where=and_(timer.c.state == "pending", timer.c.due_at <= now),
                 order_by=timer.c.due_at, limit=limit,
                 values=dict(state="claimed", claimed_by=worker, claimed_at=now),
                 returning=(timer.c.id,))
    return [r.id for r in rows]


def reclaim_abandoned(conn: Connection, now: datetime, lease: timedelta) -> int:
    """Put timers claimed longer than `lease` ago back to pending."""
    now = as_utc(now)
    res = conn.execute(update(timer).where(
        timer.c.state == "claimed", timer.c.claimed_at <= now - lease,
    ).values(state="pending", claimed_by=None, claimed_at=None))
    return res.rowcount


def release(conn: Connection, timer_ids: list[int], worker: str) -> None:
    """Hand back timers claimed but not fired (on an orderly shutdown)."""
    if timer_ids:
        conn.execute(update(timer).where(
            timer.c.id.in_(timer_ids), timer.c.state == "claimed",
            timer.c.claimed_by == worker).values(state="pending", claimed_by=None,
                                                 claimed_at=None))


def next_due(conn: Connection) -> datetime | None:
    """The earliest pending due instant (index ix_timer_state_due)."""
    found = conn.execute(select(func.min(timer.c.due_at))
                         .where(timer.c.state == "pending")).scalar()
    return as_utc(found) if found is not None else None
