"""The section chief's workload per officer (engine/board/workload.py): held,
overdue, due within 2 working days (the board's rule) and 待補正 counted
apart; each figure's team-list narrowing lists exactly the tasks counted.
Real petitions through the engine, an injected clock."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import insert, update

from engine.board import workload as wl
from engine.cases import queries, team
from engine.cases.actors import Actor
from engine.cases.queries import InboxFilter, Viewer
from engine.data.schema import app_user
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_conftest", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)

PETITION = dict(channel="letter", subject="路燈不亮", content="鼓山區路燈故障",
                category="street_light", district="D-GUSHAN", language="zh_TW",
                confidential=False, art173_ground="none")
USERS = [("pwb.officer", "甲承辦", "PWB", "officer"), ("pwb.officer2", "乙承辦", "PWB", "officer"),
         ("pwb.supervisor", "王科長", "PWB", "supervisor,officer"),
         ("pwb.intake", "收件", "PWB", "intake"), ("trb.officer", "交通承辦", "TRB", "officer"),
         ("pwb.retired", "退休", "PWB", "officer")]
CHIEF = Viewer("pwb.supervisor", "PWB", frozenset({"supervisor", "officer"}))


@pytest.fixture
def lib(engine, db, clock):
    models.load_reference(db, with_demo_users=False)
    with db.begin() as conn:
        conn.execute(insert(app_user), [dict(username=u, display_name=n, agency_code=a, roles=r,
                                             password_hash="-", created_at=models.at(2026, 1, 5))
                                        for u, n, a, r in USERS])
        conn.execute(update(app_user).where(app_user.c.username == "pwb.retired").values(active=False))
    deploy_checked(engine, models.library_files())
    return models.Driver(engine, db, clock)


def _petition(lib, day, category="street_light", month=3):
    lib.clock.set(models.at(2026, month, day))
    cid = lib.start("petition", {}, petitioner={"name": "王", "email": "w@example.org"})
    lib.complete(cid, "register", **dict(PETITION, category=category))
    return cid


def _claim(lib, cid, username, agency="PWB"):
    row = lib.task(cid, "handle")
    lib.engine.claim(row.id, Actor(username, agency, frozenset({"officer"})))
    return row


@pytest.fixture
def story(lib):
    """Late (02-23) and due-soon (03-02) tasks held by 甲; a 03-02 one held by 乙
    who asks for 補正; a 03-04 one in the queue (due 03-12); TRB's own task."""
    ids = {"late": _petition(lib, 23, month=2)}
    ids["soon"], ids["waiting"] = _petition(lib, 2), _petition(lib, 2)
    ids["queue"], ids["trb"] = _petition(lib, 4), _petition(lib, 4, "traffic_signal")
    _claim(lib, ids["late"], "pwb.officer")
    _claim(lib, ids["soon"], "pwb.officer")
    row = _claim(lib, ids["waiting"], "pwb.officer2")
    lib.engine.ask_supplement(row.id, Actor("pwb.officer2", "PWB", frozenset({"officer"})), "請補正電桿編號")
    _claim(lib, ids["trb"], "trb.officer", "TRB")
    lib.clock.set(models.at(2026, 3, 9, 9, 0))      # Mon: soon due Tue 03-10, queue Thu 03-12
    return ids


def _workload(lib, agency="PWB"):
    with lib.db.connect() as conn:
        return wl.workload(conn, agency, lib.clock.now())


def _figures(load):
    return {r.username: (r.held, r.overdue, r.due_soon, r.waiting) for r in load.rows}


def test_counts_per_officer_and_the_queue(lib, story):
    load = _workload(lib)
    assert _figures(load) == {"pwb.supervisor": (0, 0, 0, 0), "pwb.officer2": (1, 0, 0, 1),
                              "pwb.officer": (2, 1, 1, 0), None: (1, 0, 0, 0)}
    assert {r.name for r in load.rows[:-1]} == {"王科長", "乙承辦", "甲承辦"}   # not 收件, not 退休
    assert load.rows[-1].username is None                                   # the queue last
    mine = next(r for r in load.rows if r.username == "pwb.officer")
    assert mine.oldest_due == lib.task(story["late"], "handle").due_at
    assert mine.flagged and not mine.heavy        # overdue; 2 against a median of 1 is no load
    assert not next(r for r in load.rows if r.username == "pwb.officer2").flagged


def test_each_figure_lists_exactly_its_tasks(lib, story):
    load, now = _workload(lib), lib.clock.now()
    with lib.db.connect() as conn:
        for r in load.rows:
            who = r.username or team.UNASSIGNED
            def listed(f=InboxFilter(view="team"), figure=None):
                return team.team_count(conn, CHIEF, f, now, who,
                                       narrow=wl.narrowing(figure, now, load.soon))
            assert listed() == r.held
            assert listed(InboxFilter(view="team", overdue=True)) == r.overdue
            assert listed(figure="due_soon") == r.due_soon
            assert listed(figure="waiting") == r.waiting


def test_another_agencys_tasks_and_people_are_not_counted(lib, story):
    trb = _figures(_workload(lib, "TRB"))
    assert trb == {"trb.officer": (1, 0, 0, 0), None: (0, 0, 0, 0)}


def test_a_moved_or_deactivated_holder_shows_apart_and_the_mover_under_the_new_agency(lib, story):
    with lib.db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "pwb.officer2")
                     .values(agency_code="TRB"))
    pwb, trb = _workload(lib), _workload(lib, "TRB")
    gone = next(r for r in pwb.rows if r.username == "pwb.officer2")
    assert (gone.member, gone.held, gone.waiting, gone.name) == (False, 1, 1, "乙承辦")   # still holds PWB's task
    assert "pwb.retired" not in _figures(pwb)                        # inactive, holding nothing
    assert _figures(trb)["pwb.officer2"] == (0, 0, 0, 0)


def test_an_empty_agency_has_only_its_queue(lib):
    load = _workload(lib, "EPB")
    assert _figures(load) == {None: (0, 0, 0, 0)} and load.most_held == 0


def test_well_above_the_team_is_half_as_much_again_and_five_tasks_more():
    def marked(*held):
        w = wl.Workload("PWB", None, [wl.Load(f"o{i}", held=h) for i, h in enumerate(held)])
        wl._mark_heavy(w)
        return [r.heavy for r in w.rows]
    assert marked(0, 1) == [False, False]             # 1 against a median of 0.5
    assert marked(4, 6, 12) == [False, False, True]   # 12 > 9 and 12 >= 6 + 5
    assert marked(20, 24, 29) == [False, False, False]  # 29 > 24 + 5 but not > 36


DESKS = [("doa.officer", "處承辦", "DOA", "officer"), ("doa.supervisor", "處主管", "DOA", "supervisor,officer"),
         ("doa.intake", "收文", "DOA", "intake"), ("cpo.wu", "吳佩珊", "CPO", "intake,officer")]


def _queue_seen(lib, username, agency, roles):
    """The 機關待領 badge of `username`'s inbox."""
    with lib.db.connect() as conn:
        return queries.inbox_counts(conn, Viewer(username, agency, frozenset(roles.split(","))))["queue"]


def test_the_queue_is_the_one_its_officers_see_not_the_intake_desk_s(lib, story):
    """A petition not yet registered (登記陳情, role intake) waits at the
    department's intake desk: its clerks' queue, not its officers'. The
    team's 尚未分派 is what its officers and its chief see in 機關待領, and its
    list lists that; where an officer also registers (the consumer protection
    officer's staff), the registrations are the team's."""
    with lib.db.begin() as conn:
        conn.execute(insert(app_user), [dict(username=u, display_name=n, agency_code=a, roles=r,
                                             password_hash="-", created_at=models.at(2026, 1, 5))
                                        for u, n, a, r in DESKS])
    lib.start("petition", {}, petitioner={"name": "王", "email": "w@example.org"})
    lib.start("consumer_complaint", {"title": "消費爭議"}, petitioner={"name": "陳", "email": "c@example.org"})
    doa, cpo, now = _workload(lib, "DOA"), _workload(lib, "CPO"), lib.clock.now()
    assert _queue_seen(lib, "doa.intake", "DOA", "intake") == 1           # the registration: the desk's
    assert doa.rows[-1].held == 0 == _queue_seen(lib, "doa.supervisor", "DOA", "supervisor,officer")
    assert _queue_seen(lib, "doa.officer", "DOA", "officer") == 0
    assert cpo.rows[-1].held == 1 == _queue_seen(lib, "cpo.wu", "CPO", "intake,officer")
    assert _figures(_workload(lib))[None] == (_queue_seen(lib, "pwb.officer", "PWB", "officer"), 0, 0, 0)
    chief = Viewer("doa.supervisor", "DOA", frozenset({"supervisor", "officer"}))
    with lib.db.connect() as conn:
        assert team.team_count(conn, chief, InboxFilter(view="team"), now, team.UNASSIGNED,
                               narrow=[wl.takeable(doa.roles)]) == 0
