"""The scheduler: APScheduler 3 drives timers, the outbox and recurring jobs.

Timers are not polled every few seconds: the "timers" job is re-scheduled to
the earliest pending due instant, so it wakes when the next timer falls due.
Its interval trigger (default 30 s) is the safety poll that picks up timers
created by other processes (a web server without an embedded scheduler) and
reclaims timers claimed by a dead worker. In-process, the runtime reports
new timers through `notify_new_timer` (Engine(hooks={"timer": ...})).

The database decides who fires what (engine/scheduling/timers.py), so any number
of schedulers may run against one PostgreSQL database.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from datetime import datetime, timedelta, timezone

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from . import outbox, recurring, timers, wake
from .collector import fewer_collections
from engine.time.calendar import TAIPEI
from engine.time.clock import Clock
from engine.time.deadlines import as_utc

log = logging.getLogger(__name__)
TIMERS, OUTBOX, SAFETY = "timers", "outbox", "safety"


def make_worker_id() -> str:
    """Unique per process start: a restarted process never owns old claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Scheduler:
    def __init__(self, db, runtime, *, smtp: outbox.SmtpSettings | None = None,
                 smtp_source=None,
                 worker: str | None = None, clock: Clock | None = None,
                 batch: int = 100, lease: timedelta = timedelta(seconds=120),
                 max_attempts: int = 5, chunk: int = 50,
                 poll_seconds: float = 30, outbox_seconds: float = 5,
                 recurring_jobs: bool = True, blocking: bool = False):
        self.db, self.runtime = db, runtime
        self.smtp = smtp or outbox.SmtpSettings(host="")
        # A callable giving the mail settings as they are now (kept in the
        # database by an administrator): read at each round, no restart needed.
        self.smtp_source = smtp_source
        self.worker = worker or make_worker_id()
        self.clock = clock or Clock()
        self.batch, self.lease, self.poll_seconds = batch, lease, poll_seconds
        self.max_attempts, self.chunk = max_attempts, chunk   # chunk: cases locked at once
        self.outbox_seconds = outbox_seconds
        self.fired = 0
        self._hint: datetime | None = None      # a wake-up asked for while the job ran
        self._running = False
        self._lock = threading.Lock()
        self.listener = None
        kind = BlockingScheduler if blocking else BackgroundScheduler
        self._executor = ThreadPoolExecutor()
        self.aps = kind(timezone=TAIPEI, executors={"default": self._executor}, job_defaults={
            "coalesce": True, "misfire_grace_time": None, "max_instances": 1})
        self._add_jobs(recurring_jobs)

    # ---- lifecycle -----------------------------------------------------
    def _add_jobs(self, with_recurring: bool) -> None:
        now = datetime.now(TAIPEI)
        self.aps.add_job(self.run_timers, IntervalTrigger(seconds=self.poll_seconds),
                         id=TIMERS, next_run_time=now)
        self.aps.add_job(self.reclaim, IntervalTrigger(seconds=self.poll_seconds),
                         id=SAFETY, next_run_time=now)
        if self.smtp.enabled or self.smtp_source is not None:
            self.aps.add_job(self.run_outbox, IntervalTrigger(seconds=self.outbox_seconds),
                             id=OUTBOX, next_run_time=now)
        if with_recurring:
            recurring.add_jobs(self)

    def start(self) -> None:
        """Start (in the background, or blocking until shutdown when blocking)."""
        log.info("scheduler %s starting", self.worker)
        if self.db.dialect.name == "postgresql":   # timers committed by other processes
            self.listener = wake.Listener(self.db.url, self.notify_new_timer)
            self.listener.start()
        self.aps.start()

    def shutdown(self, wait: bool = True) -> None:
        if self.listener is not None:
            self.listener.stop()
        if self.aps.running:
            # APScheduler joins the running jobs while it holds its job store
            # lock, and a running timers job re-schedules itself through that
            # store: a deadlock. Stop it without waiting, then join the jobs.
            self.aps.shutdown(wait=False)
            if wait:
                self._executor.shutdown(wait=True)

    # ---- timers --------------------------------------------------------
    def notify_new_timer(self, due_at: datetime) -> None:
        """Hook for the runtime: a timer due at `due_at` was just committed."""
        due_at = as_utc(due_at)
        with self._lock:
            if self._running:
                self._hint = due_at if self._hint is None else min(self._hint, due_at)
                return
        self._wake_at(due_at)

    def run_timers(self) -> int:
        """Fire every due timer, then sleep until the next one falls due."""
        with self._lock:
            self._running, self._hint = True, None
        try:
            fired = self.fire_due()
        finally:
            self._reschedule()
        return fired

    def fire_due(self) -> int:
        """Claim and fire due timers batch by batch until none is due."""
        total = 0
        with fewer_collections():   # engine/scheduling/collector.py: 35% of the CPU otherwise
            while True:
                with self.db.begin() as conn:
                    ids = timers.claim_due(conn, self.clock.now(), self.worker, self.batch)
                for start in range(0, len(ids), self.chunk):
                    total += self._fire_chunk(ids[start:start + self.chunk])
                if len(ids) < self.batch:
                    break
        if total:
            self._wake_job(OUTBOX)
        return total

    def _fire_chunk(self, ids: list[int]) -> int:
        """One transaction for the chunk; if a case in it fails, one per timer,
        so only the failing timer is retried and counted against its attempts."""
        try:
            fired = self.runtime.fire_timers(ids, self.worker)
        except Exception:
            log.warning("a batch of %d timers failed; firing them one by one", len(ids),
                        exc_info=True)
            return sum(self._fire_one(timer_id) for timer_id in ids)
        self.fired += fired
        return fired

    def _fire_one(self, timer_id: int) -> int:
        try:
            fired = self.runtime.fire_timer(timer_id, self.worker)
        except Exception as exc:
            # Left claimed, retried after the lease (never lost), until it is 'failed'.
            log.exception("timer %s failed to fire", timer_id)
            with self.db.begin() as conn:
                timers.record_failure(conn, timer_id, self.worker, _describe(exc),
                                           self.clock.now(), self.max_attempts)
            return 0
        self.fired += bool(fired)
        return int(bool(fired))

    def reclaim(self) -> int:
        with self.db.begin() as conn:
            count = timers.reclaim_abandoned(conn, self.clock.now(), self.lease)
        if count:
            log.warning("reclaimed %d timers from dead workers", count)
            self._wake_at(self.clock.now())
        return count

    def _reschedule(self) -> None:
        with self.db.connect() as conn:
            nxt = timers.next_due(conn)
        with self._lock:
            candidates = [t for t in (nxt, self._hint) if t is not None]
            self._running = False
            if candidates:
                self._wake_at(min(candidates))

    def _wake_at(self, when: datetime) -> None:
        """Run the timers job at `when`, unless it is due to run sooner anyway."""
        job = self.aps.get_job(TIMERS)
        if job is None:
            return
        when = max(as_utc(when), datetime.now(timezone.utc))
        current = job.next_run_time
        if current is None or when < current:
            job.modify(next_run_time=when)

    def _wake_job(self, job_id: str) -> None:
        job = self.aps.get_job(job_id)
        if job is not None:
            job.modify(next_run_time=datetime.now(timezone.utc))

    # ---- outbox --------------------------------------------------------
    def current_smtp(self) -> outbox.SmtpSettings:
        return self.smtp_source() if self.smtp_source is not None else self.smtp

    def run_outbox(self) -> int:
        smtp, sent = self.current_smtp(), 0
        if not smtp.usable:   # notices wait in the outbox until mail is configured
            return sent       # (and its password readable: /admin says so)
        while True:
            report = outbox.deliver_batch(self.db, smtp, self.clock.now(), self.worker,
                                          limit=outbox.BATCH)
            sent += report.sent
            if report.claimed < outbox.BATCH:
                return sent


def _describe(exc: Exception) -> str:
    """The error with the model element it came from, when SpiffWorkflow says."""
    element = getattr(getattr(exc, "task_spec", None), "bpmn_id", None)
    where = f" at {element}" if element else ""
    return f"{type(exc).__name__}{where}: {exc}"
