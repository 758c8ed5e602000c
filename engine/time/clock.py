"""The engine's clock, injectable so tests can move time.

SpiffWorkflow's timer events read `datetime.now(timezone.utc)` directly; we
route that module's `datetime` through the clock of the running command so a
test clock also drives timer deadlines.
"""
from __future__ import annotations

import contextvars
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer

TAIPEI = ZoneInfo("Asia/Taipei")
_current: contextvars.ContextVar["Clock | None"] = contextvars.ContextVar("clock", default=None)


class Clock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)

    def activate(self):
        """Make this the clock SpiffWorkflow sees in the current context."""
        return _current.set(self)


class FrozenClock(Clock):
    """A clock that stands still until a test moves it."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("FrozenClock needs an aware datetime")
        self._now = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(timezone.utc)


class _SpiffDatetime(datetime):
    @classmethod
    def now(cls, tz=None):
        clock = _current.get()
        real = clock.now() if clock is not None else datetime.now(timezone.utc)
        return real.astimezone(tz) if tz else real.replace(tzinfo=None)


_spiff_timer.datetime = _SpiffDatetime


def current_now() -> datetime:
    """The clock of the running command (a test's frozen one), else real time:
    what a form's `max="today"` is measured against (engine/models/forms.py)."""
    clock = _current.get()
    return clock.now() if clock is not None else datetime.now(timezone.utc)


def to_iso(dt: datetime) -> str:
    """Instants in case data: ISO 8601 in Asia/Taipei, so strings compare in order."""
    return dt.astimezone(TAIPEI).isoformat(timespec="seconds")


def parse_iso(value) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        dt = datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=TAIPEI)
    return dt.astimezone(timezone.utc)
