"""Waking schedulers in other processes when a timer is created.

In one process the runtime calls the scheduler's hook directly. Across
processes on PostgreSQL, the command that writes a timer row also sends
NOTIFY on a channel, in its own transaction (PostgreSQL delivers it only
at commit, so a scheduler never wakes for a timer that was rolled back);
each scheduler LISTENs on a connection of its own. SQLite has no such
channel: a scheduler in another process sees the timer at its safety poll,
which is why `civicflow serve` embeds the scheduler by default.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import Callable

from sqlalchemy import text

from engine.time.clock import parse_iso, to_iso

log = logging.getLogger(__name__)
CHANNEL = "civicflow_timer"
NOTIFY = text("SELECT pg_notify(:channel, :payload)")


def announce(conn, dues: list[datetime]) -> None:
    """Inside the command's transaction: tell other processes the earliest new due."""
    if dues and conn.dialect.name == "postgresql":
        conn.execute(NOTIFY, {"channel": CHANNEL, "payload": to_iso(min(dues))})


class Listener(threading.Thread):
    """LISTENs on PostgreSQL and calls `on_due(instant)` for every announced timer.
    Reconnects after a lost connection; the scheduler's poll covers the gap."""

    def __init__(self, db_url, on_due: Callable[[datetime], None], retry_seconds: float = 5):
        super().__init__(name="timer-listener", daemon=True)
        self.conninfo = db_url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.on_due, self.retry_seconds = on_due, retry_seconds
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self._listen()
            except Exception:   # a restarted database: listen again shortly
                log.warning("timer listener lost its connection; retrying", exc_info=True)
                self._stop.wait(self.retry_seconds)

    def _listen(self) -> None:
        import psycopg
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute(f"LISTEN {CHANNEL}")
            while not self._stop.is_set():
                for note in conn.notifies(timeout=1.0):
                    self._deliver(note.payload)

    def _deliver(self, payload: str) -> None:
        try:
            due = parse_iso(payload)
        except ValueError:
            log.warning("ignored timer announcement %r", payload)
            return
        self.on_due(due)
