"""engine/demo/team.py: the busiest agencies' officers each hold a share of
the demo's open tasks, the rest wait in the queue, and whoever is behind
holds the overdue ones; every claim is audited."""
from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace

from sqlalchemy import func, select

from engine.data.schema import audit, task
from engine.demo.team import holder, members


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
