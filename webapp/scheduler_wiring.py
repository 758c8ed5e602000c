"""The scheduler wired to the app's engine: one place for `civicflow scheduler`
and the scheduler `civicflow serve` embeds in each worker (webapp/serving.py)."""
from functools import partial

from flask import current_app

from engine.cases.migration import jobs as migration_work
from engine.scheduling import migration_jobs
from engine.scheduling.scheduler import Scheduler
from webapp.connections import smtp_source
from webapp.extensions import db, runtime


def build(blocking: bool) -> Scheduler:
    """A scheduler wired to the app's engine; new timers wake it in-process.
    `civicflow serve` embeds one with blocking=False."""
    rt = runtime()
    sched = Scheduler(db(), rt, smtp_source=smtp_source(db(), dict(current_app.config)),
                      clock=rt.clock, blocking=blocking)
    rt.on_timer = sched.notify_new_timer
    # Migration runs and dry runs the web page asked for (issue 16).
    migration_jobs.add_job(sched, partial(migration_work.perform, rt))
    return sched
