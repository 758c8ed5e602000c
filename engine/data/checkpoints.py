"""SQLite: the write-ahead log is copied back into the database file by a
thread of the server's own, not by a command's COMMIT.

By default SQLite checkpoints in the COMMIT that takes the log past 1,000
pages, in the committing thread. With `synchronous=NORMAL` (engine/data/db.py)
that checkpoint is the only fsync there is: 10-125 ms each on this machine,
~1.2-1.6 ms per completion on average (docs/performance.md), paid while the command still held its worker's command
gate, so every command of the worker waited on the disk. A server process
(web worker, scheduler) instead runs a PASSIVE checkpoint every second on a
connection of its own: it takes no lock a reader or writer waits on and
copies what no reader still needs. Connections keep an automatic checkpoint,
at a larger size, for processes that run none (a CLI command, the tests) and
in case the thread falls behind.
"""
from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger(__name__)

FALLBACK_PAGES = 10_000          # ~40 MB of log before a COMMIT checkpoints itself
LOG_LIMIT = 64 * 1024 * 1024     # the log file is cut back to this after a reset
INTERVAL = 1.0                   # seconds between background checkpoints

_running: dict[str, "Checkpointer"] = {}
_guard = threading.Lock()


def pragmas(dbapi_conn) -> None:
    """Per connection (engine/data/db.py's connect hook)."""
    dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_PAGES}")
    dbapi_conn.execute(f"PRAGMA journal_size_limit={LOG_LIMIT}")


def database_file(engine) -> str | None:
    """The file of an SQLite engine; None for another database or memory."""
    if engine.dialect.name != "sqlite":
        return None
    path = engine.url.database
    return path if path and path != ":memory:" else None


def start(engine, interval: float = INTERVAL) -> "Checkpointer | None":
    """Checkpoint `engine`'s database in the background from now on (one
    thread per file per process; call after a fork, threads do not survive
    it). None when it is not an SQLite file."""
    path = database_file(engine)
    if path is None:
        return None
    with _guard:
        found = _running.get(path)
        if found is None or not found.is_alive():
            found = _running[path] = Checkpointer(path, interval)
            found.start()
    return found


def stop_all() -> None:
    """Stop every checkpointer of this process (tests, shutdown)."""
    with _guard:
        threads = list(_running.values())
        _running.clear()
    for t in threads:
        t.stop()


class Checkpointer(threading.Thread):
    """PASSIVE checkpoints of one database file, every `interval` seconds."""

    def __init__(self, path: str, interval: float):
        super().__init__(name=f"sqlite-checkpoint:{path}", daemon=True)
        self.path, self.interval = path, interval
        self.rounds, self.last = 0, None   # last: (busy, log frames, frames copied)
        self._stopping = threading.Event()

    def run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            while not self._stopping.wait(self.interval):
                self.checkpoint(conn)
        finally:
            conn.close()

    def checkpoint(self, conn) -> None:
        try:
            self.last = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.rounds += 1
        except sqlite3.Error as err:   # the file gone or locked: try again next round
            log.warning("checkpoint of %s failed: %s", self.path, err)

    def stop(self) -> None:
        self._stopping.set()
        self.join(timeout=5)
