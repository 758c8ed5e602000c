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
before; when every worker is busy, a new one waits in the listen backlog for
the first free thread (it would have waited in a worker's queue anyway).
"""
from __future__ import annotations

from gunicorn.workers.gthread import ThreadWorker


class FairThreadWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.in_flight = 0   # requests handed to the thread pool, not finished

    def free_thread(self) -> bool:
        return self.in_flight < self.cfg.threads

    def set_accept_enabled(self, enabled):
        # The run loop asks again on every turn, so a refusal here is retried
        # as soon as a request finishes.
        super().set_accept_enabled(enabled and self.free_thread())

    def accept(self, listener):
        super().accept(listener)
        if not self.free_thread():
            self.set_accept_enabled(False)

    def enqueue_req(self, conn):
        self.in_flight += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.in_flight -= 1
        super().finish_request(conn, fs)
