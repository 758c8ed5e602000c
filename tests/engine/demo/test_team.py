"""engine/demo/team.py: the busiest agencies' officers each hold a share of
the demo's open tasks, the rest wait in the queue, and whoever is behind
holds the overdue ones; every claim is audited."""
from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from engine.data.schema import audit, task
from engine.demo.team import holder, members, weighted_team


def test_the_team_is_the_agencys_officer_and_its_named_colleagues():
    assert [a.username for a in members("EPB")] == ["epb.officer", "epb.huang", "epb.chang"]
    assert [a.username for a in members("DOA")][0] == "doa.officer"
    assert "analyst" not in {a.username for a in members("DOA")}
    assert all(a.roles == {"intake", "officer"} for a in members("CPO")[1:])


def test_only_a_member_who_may_work_the_task_takes_it_and_an_overdue_one_always_has_a_holder():
    team = list(zip(members("CPO"), [0.4, 0.25, 0.2]))
    intake = SimpleNamespace(candidate_agency="CPO", candidate_role="intake")
    rng = random.Random(1)
    takers = Counter(getattr(holder(rng, team, intake, overdue=False), "username", "-")
                     for _ in range(400))
    assert "cpo.officer" not in takers and takers["-"] > 0 and takers["cpo.wu"] > takers["cpo.liu"]
    assert all(holder(rng, team, intake, overdue=True) for _ in range(50))


def test_each_member_of_a_team_has_its_weight_or_the_demo_data_is_refused():
    assert [(a.username, w) for a, w in weighted_team("EPB", [0.5, 0.3, 0.1])] == [
        ("epb.officer", 0.5), ("epb.huang", 0.3), ("epb.chang", 0.1)]
    for weights in ([0.5, 0.3], [0.5, 0.3, 0.1, 0.05]):   # a member added or taken out
        with pytest.raises(ValueError, match="teams.EPB: .* weights for 3 officers"):
            weighted_team("EPB", weights)


def test_a_task_stays_in_the_queue_as_often_as_its_capable_members_leave_over():
    """Only cpo.wu (0.1) may take an intake task: it stays queued nine times
    in ten, not never because the officer's 0.9 made the team's sum 1."""
    team = list(zip(members("CPO"), [0.9, 0.1, 0.0]))
    intake = SimpleNamespace(candidate_agency="CPO", candidate_role="intake")
    rng = random.Random(7)
    taken = Counter(getattr(holder(rng, team, intake, overdue=False), "username", "-")
                    for _ in range(2000))
    assert set(taken) <= {"cpo.wu", "cpo.liu", "-"} and 0.07 < taken["cpo.wu"] / 2000 < 0.13


def test_the_demo_spreads_each_busy_agencys_open_tasks_between_its_officers(demo):
    with demo.db.connect() as conn:
        held = dict(conn.execute(
            select(task.c.assignee, func.count()).where(task.c.state == "ready",
                                                        task.c.candidate_agency == "EPB")
            .group_by(task.c.assignee)).all())
        claims = conn.execute(select(func.count()).select_from(audit)
                              .where(audit.c.action == "claim")).scalar()
    officers = {"epb.officer", "epb.huang", "epb.chang"}
    assert officers <= set(held) and all(held[o] > 0 for o in officers)
    assert claims >= sum(n for who, n in held.items() if who)
