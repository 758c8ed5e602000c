"""gunicorn's threaded worker, taking a new connection only with a thread free.

Every worker polls the one listening socket, and a stock gthread worker
accepts whatever arrives while it is under `worker_connections` (1,000). A
browser or a proxy keeps its connection open between requests, so whichever
worker woke first keeps the connections it took: with 32 clients on two
workers, ss(8) showed all 28 open connections on one worker, running at 0.9
of a core while the other ran at 0.1 (bench/http.py's 32 clients). A worker
here stops accepting while every one of its threads has a request, so a new
connection goes to a worker that can serve it now, and the connections spread
over the workers as their load does. Connections already open are served as
before. When every worker is busy, a new connection waits in the listen
backlog for a free thread, but no more than GRACE_SECONDS: then a busy
worker takes it anyway, so a newcomer is not starved by clients already
connected (without the grace, bench/http.py's p95 at 32 clients doubled).
"""
from __future__ import annotations

import time

from gunicorn.workers.gthread import ThreadWorker

# How long a busy worker leaves new connections to the others: longer, and a
# client arriving while every worker is busy waits that long for its first
# request to be read, however soon a thread frees up.
GRACE_SECONDS = 0.01


class FairThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_flight = 0   # requests handed to the thread pool, not finished
        self.busy_since = None   # when it last stopped accepting for want of a thread

    def free_thread(self) -> bool:
        return self.in_flight < self.cfg.threads

    def set_accept_enabled(self, enabled):
        # The run loop asks again on every turn (each request finished wakes
        # it), so a refusal here is retried at once.
        if enabled and not self.free_thread():
            if self.busy_since is None:
                self.busy_since = time.monotonic()
            enabled = time.monotonic() - self.busy_since >= GRACE_SECONDS
        if enabled:
            self.busy_since = None
        super().set_accept_enabled(enabled)

    def accept(self, listener):
        super().accept(listener)
        if not self.free_thread():
            self.busy_since = time.monotonic()
            super().set_accept_enabled(False)

    def enqueue_req(self, conn):
        self.in_flight += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.in_flight -= 1
        super().finish_request(conn, fs)
