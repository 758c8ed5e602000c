"""SQLite: the writers of every process take turns on a lock file, so the
next one starts the moment the last one has committed.

SQLite lets one connection write at a time. A writer that finds the lock
taken waits in SQLite's busy handler, which sleeps 1, 2, 5, 10 ms... between
attempts; a command holds the lock ~0.7 ms. Instrumented under bench/http.py's
32 clients, 68% of the commands' first writes were refused and each then
waited 0.78 ms on average, holding its worker's command gate, so the worker
computed nothing meanwhile. A writer here first takes `flock(2)` on
`<database>-writers`, which wakes it when the holder lets go (after its
COMMIT or ROLLBACK: engine/data/db.py wraps the dialect's), and then finds
SQLite's lock free.

SQLite's lock stays the lock; this is only a queue in front of it. A writer
that does not queue (another tool, a transaction that wrote on its own
before) is waited for as before, in SQLite. A connection never blocks here
while it holds an SQLite write lock (db.write_after_snapshot only tries,
without waiting, before its probe), so the two cannot wait on each other.
"""
from __future__ import annotations

import fcntl
import logging
import os
import threading

log = logging.getLogger(__name__)


class WriterQueue:
    """One per SQLite database file and process; `take` and `give_back` by
    the DBAPI connection that writes."""

    def __init__(self, database_path: str):
        self.path = f"{database_path}-writers"
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        # A forked worker opens the file again: a descriptor shared with the
        # parent would share its lock, and queue nobody.
        self._fd = None
        self._turn = threading.Lock()   # the process's threads, one at a time
        self._holder = None             # (thread id, connection id)

    def take(self, conn_key: int, wait: bool = True) -> bool:
        """Wait for (or, `wait` False, try) this process's and then every
        process's turn. False when not taken: tried and busy, or the thread
        already holds it through another connection (SQLite decides then)."""
        me = threading.get_ident()
        holder = self._holder
        if holder is not None and holder[0] == me:
            return False
        if not self._turn.acquire(blocking=wait):
            return False
        try:
            if self._fd is None:
                self._fd = self._open()
            if self._fd < 0:
                self._turn.release()
                return False
            fcntl.flock(self._fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._turn.release()
            return False
        except BaseException:
            self._turn.release()
            raise
        self._holder = (me, conn_key)
        return True

    def _open(self) -> int:
        """The lock file, read-only (flock needs no more), readable by every
        account: a tool run as another user (a migration as root) must not
        lock the server out. -1 when it cannot be opened: then SQLite alone
        queues the writers, as it did before."""
        try:
            return os.open(self.path, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError as err:
            log.warning("writers of %s wait in SQLite only: %s", self.path, err)
            return -1

    def give_back(self, conn_key: int) -> None:
        """After the connection's transaction ended; nothing if it holds no turn."""
        holder = self._holder
        if holder is None or holder[1] != conn_key:
            return
        self._holder = None
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._turn.release()
