"""The demo's teams: in the busiest agencies (demo_users.json `teams`: the
department, the environmental protection bureau, the consumer centre) the
open tasks left at the end of the simulation are shared between the agency's
officers, each taking their share (the weights, in the order of the agency's
`.officer` account then its named officers), the rest staying in the agency
queue; an overdue task always has a holder, so a section chief's team view
shows who holds what and who is behind. Each claim goes through the engine
(its audit row), at the simulation's end."""
from __future__ import annotations

import random

from sqlalchemy import select

from engine.cases.actors import Actor, can_work
from engine.data.schema import task
from engine.time.deadlines import as_utc
from .reference import demo_user_rows, read_json

CASE_WORK = {"officer", "intake"}   # not the supervisor, the analyst nor the administrator


def members(code: str) -> list[Actor]:
    """The agency's demo officers: its `.officer` account first, then the named ones."""
    rows = [u for u in demo_user_rows() if u["agency_code"] == code
            and "officer" in u["roles"].split(",") and set(u["roles"].split(",")) <= CASE_WORK]
    rows.sort(key=lambda u: u["username"] != f"{code.lower()}.officer")
    return [Actor(u["username"], code, frozenset(u["roles"].split(","))) for u in rows]


def weighted_team(code: str, weights: list) -> list[tuple[Actor, float]]:
    """(member, weight) pairs of the agency's team; a weight per member, in
    members' order, or the demo data is refused (a member added to or taken
    out of demo_users.json would otherwise shift or drop a share unseen)."""
    team = members(code)
    if len(team) != len(weights):
        raise ValueError(f"demo_users.json teams.{code}: {len(weights)} weights for "
                         f"{len(team)} officers ({', '.join(a.username for a in team)})")
    return list(zip(team, weights))


def holder(rng: random.Random, team: list, row, overdue: bool) -> Actor | None:
    """Who takes the task: a capable member by weight, or nobody (the queue).
    Only the capable members' shares count: the task stays in the queue as
    often as their weights leave over, not the whole team's."""
    able = [(who, w) for who, w in team if can_work(who, row.candidate_agency, row.candidate_role)]
    if not able:
        return None
    if not overdue and rng.random() >= sum(w for _, w in able):
        return None
    return rng.choices([who for who, _ in able], weights=[w for _, w in able])[0]


def share_open_tasks(engine, seed: int = 2020) -> int:
    """Claim the teams' shares of the open tasks; how many were claimed."""
    rng, now, claimed = random.Random(seed), engine.clock.now(), 0
    for code, weights in read_json("demo_users.json")["teams"].items():
        team = weighted_team(code, weights)
        for row in _open_tasks(engine.db, code):
            who = holder(rng, team, row, row.due_at is not None and as_utc(row.due_at) < now)
            if who is not None:
                engine.claim(row.id, who)
                claimed += 1
    return claimed


def _open_tasks(db, code: str) -> list:
    with db.connect() as conn:
        return conn.execute(select(task.c.id, task.c.candidate_agency, task.c.candidate_role,
                                   task.c.due_at)
                            .where(task.c.candidate_agency == code, task.c.state == "ready",
                                   task.c.assignee.is_(None))
                            .order_by(task.c.due_at, task.c.id)).all()
