"""Timer rows in the database: who fires what.

Any number of scheduler processes may share one database. A due timer is
claimed atomically (engine/scheduling/leases.py) by exactly one of them; the runtime's
fire_timer then fires it only while it is still claimed by that worker, in
the same transaction that advances the case. A claim older than the lease
belongs to a dead worker and is put back to pending.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.engine import Connection

from engine.data import audit
from .leases import claim
from engine.time.deadlines import as_utc
from engine.data.schema import case, timer
from engine.data.stopped_clock import clock_runs


# A timer of a case whose clock is stopped (補正: it waits on the petitioner)
# waits too: its deadline stands still, and the resume moves it
# (engine/cases/deadline_moves.py). Left out of the read of ix_timer_state_due
# (engine/data/stopped_clock.py); claiming and skipping them would spin.
CLOCK_RUNS = clock_runs(timer.c.case_id)


def claim_due(conn: Connection, now: datetime, worker: str, limit: int) -> list[int]:
    """Claim up to `limit` pending timers due before `now`, earliest first,
    of cases whose clock runs. Strictly before: SpiffWorkflow fires a timer
    only once its instant has passed."""
    now = as_utc(now)  # SQLite compares instants as naive UTC text
    rows = claim(conn, timer, where=and_(timer.c.state == "pending", timer.c.due_at < now,
                                         CLOCK_RUNS),
                 order_by=timer.c.due_at, limit=limit,
                 values=dict(state="claimed", claimed_by=worker, claimed_at=now),
                 returning=(timer.c.id,))
    return [r.id for r in rows]


def record_failure(conn: Connection, timer_id: int, worker: str, error: str, now: datetime,
                   max_attempts: int) -> str:
    """A firing raised. The timer stays claimed, so the reclaim after the lease
    retries it (the lease is the backoff); after `max_attempts` it is 'failed'
    and waits for a person (`civicflow timers`). Returns the new state."""
    now = as_utc(now)
    row = conn.execute(select(timer.c.attempts, timer.c.case_id, timer.c.element_id)
                       .where(timer.c.id == timer_id).with_for_update()).one_or_none()
    if row is None:
        return "gone"
    state = "failed" if row.attempts + 1 >= max_attempts else "claimed"
    res = conn.execute(update(timer).where(timer.c.id == timer_id, timer.c.claimed_by == worker)
                       .values(attempts=row.attempts + 1, last_error=error[:2000], state=state,
                               claimed_at=now))
    if res.rowcount != 1:   # reclaimed meanwhile by another scheduler
        return "gone"
    if state == "failed":
        audit.record(conn, case_id=row.case_id, at=now, actor="system", action="timer_failed",
                     element=row.element_id, error=error[:500], attempts=row.attempts + 1)
    return state


def retry_failed(conn: Connection, timer_ids: list[int] | None = None) -> int:
    """Put failed timers (all, or the ids given) back to pending, attempts reset."""
    cond = [timer.c.state == "failed"]
    if timer_ids is not None:
        cond.append(timer.c.id.in_(timer_ids))
    return conn.execute(update(timer).where(*cond).values(
        state="pending", attempts=0, claimed_by=None, claimed_at=None)).rowcount


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
    """The earliest pending due instant of a case whose clock runs (index
    ix_timer_state_due): a stopped case's past-due timer would wake the
    scheduler again at once, forever."""
    found = conn.execute(select(timer.c.due_at).where(timer.c.state == "pending", CLOCK_RUNS)
                         .order_by(timer.c.due_at).limit(1)).scalar()
    return as_utc(found) if found is not None else None


def failed(conn: Connection) -> list:
    """Timers whose firing failed too often, with their case number, model
    element and last error, oldest due first (the admin page, `civicflow timers`)."""
    return conn.execute(select(timer.c.id, timer.c.case_id, case.c.number, case.c.definition_id,
                               timer.c.element_id,
                               timer.c.due_at, timer.c.attempts, timer.c.last_error)
                        .join(case, case.c.id == timer.c.case_id)
                        .where(timer.c.state == "failed").order_by(timer.c.due_at)).all()


def count_failed(conn: Connection) -> int:
    return conn.execute(select(func.count()).select_from(timer)
                        .where(timer.c.state == "failed")).scalar()


def retry_by(conn: Connection, actor: str, now: datetime,
             timer_ids: list[int] | None = None) -> int:
    """`retry_failed` by a person: one audit row per timer put back, on its case."""
    cond = [timer.c.state == "failed"]
    if timer_ids is not None:
        cond.append(timer.c.id.in_(timer_ids))
    rows = conn.execute(select(timer.c.id, timer.c.case_id, timer.c.element_id)
                        .where(*cond)).all()
    count = retry_failed(conn, [r.id for r in rows])
    for r in rows:
        audit.record(conn, case_id=r.case_id, at=as_utc(now), actor=actor,
                     action="timer_retried", element=r.element_id, timer=r.id)
    return count
