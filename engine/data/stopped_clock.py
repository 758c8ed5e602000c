"""Whether a case's clock runs: the one definition the inbox, the workload
and the timer claim share. A case waiting on its petitioner (補正:
case.clock_stopped_at set) has its deadlines stand still, so its tasks are
neither overdue nor due soon and its timers wait.

Here in engine.data, not engine.cases, because the scheduler may not import
the cases package (pyproject.toml's import contracts).
"""
from __future__ import annotations

from sqlalchemy import select

from .schema import case

# Its own name for the case table: a query that joins `case` itself (the
# inbox) would otherwise correlate the subquery to that row.
_WAITING = case.alias("waiting")


def clock_runs(case_id):
    """The condition "the clock of the case `case_id` (a column) runs".

    An uncorrelated NOT IN over the few waiting cases: both dialects read
    them once from the partial index ix_case_clock_stopped (migration 0014)
    into a hashed set and probe it per row, whether the condition filters a
    page (WHERE) or is counted (SUM(CASE ...)); a correlated EXISTS would
    probe the case table once per task or timer row. `~clock_runs(...)`:
    the case waits."""
    stopped = select(_WAITING.c.id).where(_WAITING.c.clock_stopped_at.is_not(None))
    return case_id.not_in(stopped.correlate(None))
