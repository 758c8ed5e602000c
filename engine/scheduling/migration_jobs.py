"""Case migration runs (and their dry runs) worked by the scheduler, not by
the web request that asked for them.

The web page records a run in a `requested` state (a dry run in
`dry_requested`); every scheduler process polls for such runs and for runs
left unfinished. A run is worked by the one process holding its lease, a
`scheduler_lock` row named `migration:<run id>` whose `at` the holder renews
while it works. A process that dies stops renewing: once the lease is older
than `LEASE`, another process (or the restarted one) takes it over and
resumes the run where it stopped (each case is marked done in its own
transaction, engine/cases/migration/run.py).

The work itself is handed in (`perform(run_id, renew)`): this package does
not import case code.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from engine.data.schema import case_migration_case as mcase
from engine.data.schema import case_migration_run as mrun
from engine.data.schema import scheduler_lock
from engine.time.deadlines import as_utc

log = logging.getLogger(__name__)
JOB = "migrations"
LEASE = timedelta(seconds=60)     # no renewal for this long: the holder is gone
RENEW = timedelta(seconds=5)      # how often a holder renews while it works
POLL_SECONDS = 5

# The run states (case_migration_run.state).
REQUESTED, RUNNING, FINISHED = "requested", "running", "finished"
DRY_REQUESTED, DRY_RUNNING, DRY_DONE = "dry_requested", "dry_running", "dry_done"
WAITING = (REQUESTED, DRY_REQUESTED)     # nobody has started them: no one to wait for
UNFINISHED = (RUNNING, DRY_RUNNING)


def add_job(sched, perform) -> None:
    """Poll for migration runs every few seconds in scheduler `sched`."""
    sched.aps.add_job(lambda: work(sched.db, sched.clock, sched.worker, perform),
                      IntervalTrigger(seconds=POLL_SECONDS), id=JOB,
                      next_run_time=datetime.now(timezone.utc))


def work(db, clock, worker: str, perform) -> int:
    """Claim and work every run that needs it; returns how many were worked."""
    done = 0
    for run_id in candidates(db):
        with db.begin() as conn:
            if not claim(conn, run_id, worker, clock.now()):
                continue
        try:
            perform(run_id, Renewal(db, clock, worker, run_id))
            done += 1
        except Exception:
            # The lease lapses and a later poll (here or elsewhere) resumes it.
            log.exception("migration run %s stopped", run_id)
            continue
        with db.begin() as conn:
            release(conn, run_id, worker)
    return done


def candidates(db) -> list[int]:
    with db.connect() as conn:
        return list(conn.execute(select(mrun.c.id).where(
            mrun.c.state.in_(WAITING + UNFINISHED)).order_by(mrun.c.id)).scalars())


def lock_name(run_id: int) -> str:
    return f"migration:{run_id}"


def claim(conn, run_id: int, worker: str, now: datetime) -> bool:
    """True for the one process that may work run `run_id` now."""
    state = conn.execute(select(mrun.c.state).where(mrun.c.id == run_id)).scalar()
    if state not in WAITING + UNFINISHED:
        return False
    held = conn.execute(select(scheduler_lock).where(
        scheduler_lock.c.name == lock_name(run_id))).first()
    if held is None:
        if state in UNFINISHED and not _quiet(conn, run_id, now):
            return False   # worked without a lease (the CLI) and still alive
        return _insert(conn, run_id, worker, now)
    if held.holder == worker:
        return True
    if now - as_utc(held.at) < LEASE:
        return False
    # Compare-and-set on the stale lease: of two racing claimers one updates it.
    taken = conn.execute(update(scheduler_lock).where(
        scheduler_lock.c.name == held.name, scheduler_lock.c.holder == held.holder,
        scheduler_lock.c.at == held.at).values(holder=worker, at=now))
    return taken.rowcount == 1


def _insert(conn, run_id: int, worker: str, now: datetime) -> bool:
    try:
        with conn.begin_nested():   # a lost race keeps the caller's transaction usable
            conn.execute(insert(scheduler_lock).values(name=lock_name(run_id), holder=worker, at=now))
        return True
    except IntegrityError:
        return False


def _quiet(conn, run_id: int, now: datetime) -> bool:
    """No sign of life (the run's start or a case done) for a whole lease."""
    created = conn.execute(select(mrun.c.created_at).where(mrun.c.id == run_id)).scalar()
    last = conn.execute(select(func.max(mcase.c.done_at)).where(mcase.c.run_id == run_id)).scalar()
    latest = max(as_utc(t) for t in (created, last) if t is not None)
    return now - latest >= LEASE


def release(conn, run_id: int, worker: str) -> None:
    conn.execute(delete(scheduler_lock).where(scheduler_lock.c.name == lock_name(run_id),
                                              scheduler_lock.c.holder == worker))


def holder(conn, run_id: int, now: datetime) -> str | None:
    """The process working the run now (a live lease), or None."""
    held = conn.execute(select(scheduler_lock).where(
        scheduler_lock.c.name == lock_name(run_id))).first()
    return held.holder if held is not None and now - as_utc(held.at) < LEASE else None


class LeaseLost(RuntimeError):
    """Another process took the run over: this one stops."""


class Renewal:
    """Called by the work after each step: keeps the lease while it works."""

    def __init__(self, db, clock, worker: str, run_id: int):
        self.db, self.clock, self.worker, self.run_id = db, clock, worker, run_id
        self._last = clock.now()

    def __call__(self) -> None:
        now = self.clock.now()
        if now - self._last < RENEW:
            return
        with self.db.begin() as conn:
            kept = conn.execute(update(scheduler_lock).where(
                scheduler_lock.c.name == lock_name(self.run_id),
                scheduler_lock.c.holder == self.worker).values(at=now)).rowcount
        if not kept:
            raise LeaseLost(self.run_id)
        self._last = now
