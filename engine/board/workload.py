"""Who holds how much: a section chief's load per officer of one agency.

One row per active officer and supervisor of the agency (engine/cases/team.py
officers), one per anyone else still holding its tasks (moved away, deactivated:
the tasks a chief must move) and one for the unassigned queue: open tasks held,
of them overdue, due within 2 working days (the board's rule, due_soon_limit)
and waiting on the petitioner (補正, counted apart and in neither of the two),
the oldest due date, and of the tasks held how many wait for a supervisor's
decision (an extension to approve: role `supervisor`, engine/board/decisions.py),
which an officer's queue leaves out.

The team's tasks are those a member may take (`takeable`, the rule of
engine/cases/actors.can_work): its queue is the agency queue its officers see
(機關待領). A task for a role none of them holds (the intake desk's
registration, 登記陳情, at the department) is its clerks' queue, not the team's.

The counts are one grouped statement over ix_task_queue (candidate_agency,
state, due_at), the few waiting cases read once (engine/data/stopped_clock.py); `narrowing`
gives the team list the same conditions, so a figure's link lists its tasks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from sqlalchemy import and_, func, or_, select

from engine.cases.queries import CLOCK_RUNS, READY
from engine.cases.people import display_names
from engine.cases.team import officers
from engine.data.schema import task
from engine.data.tally import count_if
from engine.time.calendar import WorkingCalendar
from .decisions import ROLE as DECISION_ROLE   # a task only a supervisor decides
from .figures import due_soon_limit

TEAM_ROLES = frozenset({"officer", "supervisor"})   # who the team view shows, one row each
FIGURES = ("due_soon", "waiting")   # the team list's extra filters (overdue is the inbox's own)
HEAVY_FACTOR = 1.5                  # "well above the team": held > 1.5 x the median
HEAVY_EXCESS = 5                    # ... and at least 5 tasks more: 1 against a median of 0.5 is not


@dataclass
class Load:
    username: str | None            # None: the agency's unassigned queue
    name: str = ""
    member: bool = True             # an active officer or supervisor of the agency
    held: int = 0
    overdue: int = 0
    due_soon: int = 0
    waiting: int = 0
    oldest_due: datetime | None = None
    heavy: bool = False
    decisions: int = 0              # of `held`, waiting for a supervisor's decision

    @property
    def flagged(self) -> bool:
        return self.username is not None and (self.overdue > 0 or self.heavy)


@dataclass
class Workload:
    agency: str
    soon: datetime
    rows: list[Load] = field(default_factory=list)
    median_held: float = 0.0
    roles: tuple = ()               # the roles the team's members hold between them (`takeable`)

    @property
    def most_held(self) -> int:
        return max((r.held for r in self.rows), default=0)


def members(conn, agency: str) -> list:
    """The agency's team: its active officers and supervisors."""
    return [o for o in officers(conn, agency) if TEAM_ROLES & set(o.roles.split(","))]


def team_roles(team) -> tuple:
    """The team's roles: an officer's and a supervisor's, and any other a
    member also holds (the consumer protection officer's staff register too)."""
    return tuple(sorted(TEAM_ROLES.union(*(o.roles.split(",") for o in team))))


def takeable(roles):
    """A task the team may take: one for no role (an officer's) or for one of
    its roles (engine/cases/actors.can_work)."""
    return or_(task.c.candidate_role.is_(None), task.c.candidate_role.in_(roles))


def counts(conn, agency: str, now: datetime, soon: datetime, roles=tuple(TEAM_ROLES)) -> dict:
    """{assignee or None: row(held, overdue, due_soon, waiting, oldest)} of the
    agency's open tasks its team may take (`roles`: team_roles), in one
    grouped statement. The few waiting cases are
    read once (engine/data/stopped_clock.py: a hashed set), not joined: a
    join had PostgreSQL hash the whole case table."""
    waiting = ~CLOCK_RUNS
    q = (select(task.c.assignee, func.count().label("held"),
                count_if(and_(task.c.due_at < now, ~waiting), "overdue"),
                count_if(and_(task.c.due_at.between(now, soon), ~waiting), "due_soon"),
                count_if(waiting, "waiting"), func.min(task.c.due_at).label("oldest"),
                count_if(task.c.candidate_role == DECISION_ROLE, "decisions"))
         .where(task.c.candidate_agency == agency, task.c.state == READY, takeable(roles))
         .group_by(task.c.assignee))
    return {r.assignee: r for r in conn.execute(q)}


def workload(conn, agency: str, now: datetime) -> Workload:
    """The agency's load per officer, the queue last; heavy ones marked."""
    soon = due_soon_limit(now, WorkingCalendar.load(conn))
    team = members(conn, agency)
    found = counts(conn, agency, now, soon, team_roles(team))
    rows = [_load(found.pop(o.username, None), o.username, o.display_name or o.username)
            for o in team]
    queue = found.pop(None, None)
    names = display_names(conn, found)   # former members still holding tasks: few, often none
    rows += [_load(r, u, names[u], member=False) for u, r in sorted(found.items())]
    out = Workload(agency, soon, rows, roles=team_roles(team))
    _mark_heavy(out)
    out.rows.append(_load(queue, None, ""))
    return out


def _load(row, username, name, member=True) -> Load:
    load = Load(username, name, member)
    if row is not None:
        load.held, load.overdue, load.due_soon = row.held, row.overdue, row.due_soon
        load.waiting, load.oldest_due, load.decisions = row.waiting, row.oldest, row.decisions
    return load


def _mark_heavy(w: Workload) -> None:
    """Held well above the team's median (officers only, the queue is nobody's load):
    half as much again and at least HEAVY_EXCESS tasks more."""
    team = [r.held for r in w.rows if r.member]
    w.median_held = median(team) if team else 0.0
    for r in w.rows:
        r.heavy = (r.held > HEAVY_FACTOR * w.median_held
                   and r.held >= w.median_held + HEAVY_EXCESS)


def narrowing(figure: str | None, now: datetime, soon: datetime) -> list:
    """The team list's conditions for a workload figure: exactly the tasks it counts."""
    if figure == "due_soon":
        return [task.c.due_at.between(now, soon), CLOCK_RUNS]
    if figure == "waiting":
        return [~CLOCK_RUNS]
    return []
