"""The processes a board viewer has work in: a supervisor's process choice
and step diagram list only the processes with cases of their agencies (now
responsible, or whose tasks they completed), not every deployed model."""
from __future__ import annotations

from sqlalchemy import exists, func, select

from engine.data.schema import board_task_week, case, task

# Every case status: naming them lets each probe use ix_case_board
# (status, responsible_agency, process_key) as an index lookup.
CASE_STATUSES = ("open", "completed", "error", "cancelled")


def with_cases(conn, scope, keys: list[str]) -> set[str]:
    """Of the process `keys`, those with a case or a completed task of an
    agency in `scope` (None: every agency, so every key)."""
    if scope is None:
        return set(keys)
    agencies = sorted(scope)
    return {key for key in keys if conn.execute(select(
        exists().where(case.c.status.in_(CASE_STATUSES), case.c.responsible_agency.in_(agencies),
                       case.c.process_key == key)
        | exists().where(board_task_week.c.agency.in_(agencies),
                         board_task_week.c.process_key == key))).scalar()}


def busiest_first(conn, agencies, keys: list[str]) -> list[str]:
    """`keys`, the process with the most open tasks of `agencies` first (the
    step table a supervisor opens on: where their agency's work is); ties,
    and processes with none, keep their order."""
    counts = dict(conn.execute(
        select(task.c.process_key, func.count())
        .where(task.c.candidate_agency.in_(sorted(agencies)), task.c.state == "ready",
               task.c.process_key.in_(keys))
        .group_by(task.c.process_key)).all())
    return sorted(keys, key=lambda k: -counts.get(k, 0))
