"""The production web server's settings and worker start-up, in one place:
`civicflow serve` (webapp/commands/engine.py) uses them, and so does gunicorn
started by hand or by bench/http.py:

    gunicorn -c python:webapp.serving 'webapp:create_app()'

gunicorn reads this module's attributes named like its settings
(worker_class, workers, threads, post_worker_init); command-line options win.
"""
from __future__ import annotations

import os

from engine.data import checkpoints
from engine.scheduling import collector

DEFAULT_THREADS = 4   # a worker's threads overlap database waits; more only queue on the GIL


def cores() -> int:
    """The cores this process may run on (a container's limit, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_workers() -> int:
    """One worker process per core: Python runs one thread at a time per process."""
    return max(1, cores())


# gunicorn settings (read by `-c python:webapp.serving`).
worker_class = "webapp.fair_worker.FairThreadWorker"   # gthread that spreads connections
workers = default_workers()
threads = DEFAULT_THREADS
control_socket_disable = True   # gunicorn's default path under ~ is shared by every server


def post_worker_init(worker) -> None:
    """Inside each worker, before it accepts requests: its engine built (so
    requests and the scheduler share one), SQLite's checkpoints in a thread of
    the worker's (engine/data/checkpoints.py), the embedded scheduler started
    when `civicflow serve` asked for it, then the warm-up in the background."""
    app = getattr(worker, "wsgi", None)
    if app is None or not hasattr(app, "app_context"):
        return
    from .extensions import db, runtime
    from .warmup import in_background
    with app.app_context():
        runtime()
        checkpoints.start(db())   # SQLite: the log's checkpoints off the commands' path
    if app.config.get("EMBED_SCHEDULER"):
        _start_scheduler(app, worker)
    in_background(app, worker.log.info, then=settle_collector)


def settle_collector() -> None:
    """Once a worker is warm: its start-up heap set aside from the cyclic
    collector, and young collections every 10,000 allocations instead of 700
    (as the engine's timer runs do, engine/scheduling/collector.py). A worker
    keeps its parsed models, holiday tables and compiled statements for life
    and the collector walked them again and again: py-spy on a worker
    completing tasks (bench/profile_http.py) found ~10% of a request in
    collections set off while a case's task rows were decoded; after this,
    none. What a request has in flight at this moment is set aside too: a few
    objects, once."""
    collector.settle()


def _start_scheduler(app, worker) -> None:
    """One background scheduler next to the app; they share the timers through
    claims, as separate scheduler processes do."""
    from .scheduler_wiring import build
    with app.app_context():
        sched = build(blocking=False)
        sched.start()
    app.extensions["civicflow.scheduler"] = sched
    worker.log.info("embedded scheduler %s started", sched.worker)
