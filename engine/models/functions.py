"""Functions a model's expressions may call (see docs/modelling.md).

They are bound per command so they see the case, the clock and the calendar;
instants travel as ISO strings in Asia/Taipei.

Functions that need the running case's database (an earlier case cited under
Art. 173, whether the petitioner can be written to) live in engine/cases and
register here with `case_function`: this package may not import engine.cases.
"""
from __future__ import annotations

from functools import partial

from engine.time import calendar as wcal, deadlines
from engine.time.clock import parse_iso, to_iso


_CASE_FUNCTIONS: dict = {}
# Functions that change nothing (they read the clock, the calendar or the
# database): model code calling only these may run a second time, in a
# worker, when it outgrew the in-process sizes (engine/sandbox/evaluator.py).
REPEATABLE = {"now", "received", "working_days", "calendar_days",
              "before_working_days", "after_working_days"}


def case_function(name: str, repeatable: bool = False):
    """Register `fn(cmd, *args)` as the model function `name(*args)`;
    `repeatable` when it changes nothing."""
    def register(fn):
        _CASE_FUNCTIONS[name] = fn
        if repeatable:
            REPEATABLE.add(name)
        return fn
    return register


def bind(cmd) -> dict:
    def start_of(start):
        return parse_iso(start) if start else cmd.received_at

    def calendar_of(agency):
        # A deadline computed before the case row names its agency (routing,
        # a transfer) names the agency itself: a district closure is counted.
        return wcal.for_agency(cmd.conn, str(agency)) if agency else cmd.calendar()

    def working_days(n, start=None, agency=None):
        return to_iso(deadlines.working_days_due(start_of(start), int(n), calendar_of(agency)))

    def calendar_days(n, start=None, agency=None):
        return to_iso(deadlines.calendar_days_due(start_of(start), int(n), calendar_of(agency)))

    def before_working_days(due, n):
        return to_iso(deadlines.before_working_days(parse_iso(due), int(n), cmd.calendar()))

    def after_working_days(due, n):
        return to_iso(deadlines.after_working_days(parse_iso(due), int(n), cmd.calendar()))

    def notify(kind, to="petitioner", agency=None, **params):
        # `agency`: the agency that sends it (named and signing it), when the
        # case has no responsible agency yet (a repeat closed at intake).
        notice = {"kind": str(kind), "to": str(to), "params": params}
        if agency:
            notice["agency"] = str(agency)
        cmd.notices.append(notice)
        return True

    def escalate(level, agency=None):
        cmd.escalations.append((int(level), agency))
        return True

    return {
        "now": lambda: to_iso(cmd.now), "received": lambda: to_iso(cmd.received_at),
        "working_days": working_days, "calendar_days": calendar_days,
        "before_working_days": before_working_days, "after_working_days": after_working_days,
        "notify": notify, "escalate": escalate,
        **{name: partial(fn, cmd) for name, fn in _CASE_FUNCTIONS.items()},
    }
