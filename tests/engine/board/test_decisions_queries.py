"""The supervisor's 待我核決 list and its navigation badge read every request
of the page at once: the same number of statements for 3 requests as for 12,
and still each request's latest ask (who, why, how many days, the proposed
deadline). Real petitions through the engine; PWB's `handle` is due Tue 03-10."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import event

from engine.board import decisions
from engine.cases.actors import Actor
from engine.cases.queries import Viewer
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_conftest", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)

PETITION = dict(channel="letter", subject="路燈不亮", content="鼓山區路燈故障",
                category="street_light", district="D-GUSHAN", language="zh_TW",
                confidential=False, art173_ground="none")
BOSS = Viewer("pwb.boss", "PWB", frozenset({"supervisor"}))
OTHER_BOSS = Viewer("pwb.boss2", "PWB", frozenset({"supervisor"}))
ADMIN = Viewer("root", "DOA", frozenset({"admin"}))


@pytest.fixture
def lib(engine, db, clock):
    models.load_reference(db, with_demo_users=False)
    deploy_checked(engine, models.library_files())
    lib = models.Driver(engine, db, clock)
    lib.clock.set(models.at(2026, 3, 2))
    return lib


def petition(lib) -> int:
    """A street-light petition registered: at PWB's `handle`."""
    cid = lib.start("petition", {}, petitioner={"name": "王", "email": "w@example.org"})
    lib.complete(cid, "register", **PETITION)
    return cid


def ask(lib, cid, who="pwb1", days=5, reason="需會同廠商現場會勘"):
    roles = frozenset({"officer", "supervisor"} if who == BOSS.username else {"officer"})
    lib.engine.complete(lib.task(cid, "handle").id, Actor(who, "PWB", roles), {
        "handling_action": "extension", "extension_reason": reason, "extension_days": days})


def refuse(lib, cid):
    lib.engine.complete(lib.task(cid, "approve_extension").id, Actor(
        "pwb.boss2", "PWB", frozenset({"supervisor"})), {"extension_approved": False})


def asked_for(lib, n, who="pwb1"):
    for _ in range(n):
        ask(lib, petition(lib), who)


@pytest.fixture
def statements(db):
    sent = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append(statement)
    event.listen(db, "before_cursor_execute", record)
    yield sent
    event.remove(db, "before_cursor_execute", record)


def cost(lib, statements, read):
    """The statements `read(conn)` sends once the models' declarations are cached."""
    with lib.db.connect() as conn:
        read(conn)
        statements.clear()
        found = read(conn)
        return found, len(statements)


def test_the_list_and_the_badge_cost_the_same_for_3_requests_as_for_12(lib, statements):
    asked_for(lib, 3)
    few = [cost(lib, statements, lambda c: decisions.waiting(c, BOSS)),
           cost(lib, statements, lambda c: decisions.waiting(c, BOSS, about=True)),
           cost(lib, statements, lambda c: decisions.count(c, BOSS)),
           cost(lib, statements, lambda c: decisions.count(c, ADMIN))]
    asked_for(lib, 9)
    many = [cost(lib, statements, lambda c: decisions.waiting(c, BOSS)),
            cost(lib, statements, lambda c: decisions.waiting(c, BOSS, about=True)),
            cost(lib, statements, lambda c: decisions.count(c, BOSS)),
            cost(lib, statements, lambda c: decisions.count(c, ADMIN))]
    assert [len(found) for found, _ in few[:2]] == [3, 3] and [f for f, _ in few[2:]] == [3, 3]
    assert [len(found) for found, _ in many[:2]] == [12, 12] and [f for f, _ in many[2:]] == [12, 12]
    assert [n for _, n in few] == [n for _, n in many]
    # The list: the viewer's agencies, the tasks, the asks, the calendar's
    # cached probe; the badge: the tasks and who asked them.
    (_, listed), _, (_, badge), _ = many
    assert listed <= 4 and badge <= 2


def test_nothing_waiting_costs_the_badge_one_statement(lib, statements):
    assert cost(lib, statements, lambda c: decisions.count(c, BOSS)) == (0, 1)


def test_the_latest_ask_of_a_case_wins_and_each_case_has_its_own(lib):
    twice, once = petition(lib), petition(lib)
    ask(lib, twice, "pwb1", 5, "需會同廠商現場會勘")
    refuse(lib, twice)                                # back at `handle`: asked again
    ask(lib, twice, "pwb2", 3, "廠商排程延後")
    ask(lib, once, "pwb3", 10, "需再次會勘")
    with lib.db.connect() as conn:
        found = {d.case_number: d for d in decisions.waiting(conn, BOSS)}
        one = decisions.one(conn, BOSS, found[lib.case(twice).number].task_id)
    a, b = found[lib.case(twice).number], found[lib.case(once).number]
    assert (a.request, a.requested_by, a.reason, a.asked_days) == (True, "pwb2", "廠商排程延後", 3)
    assert models.day(a.proposed_due) == "2026-03-13"           # Tue 03-10 + 3 working days
    assert a.asked["extension_reason"] == "廠商排程延後" and one == a
    assert (b.requested_by, b.reason, b.asked_days) == ("pwb3", "需再次會勘", 10)
    assert models.day(b.proposed_due) == "2026-03-24"           # Tue 03-10 + 10 working days


def test_the_badge_leaves_out_the_viewers_own_requests(lib):
    asked_for(lib, 2)
    asked_for(lib, 1, who=BOSS.username)
    with lib.db.connect() as conn:
        listed = decisions.waiting(conn, BOSS)
        assert [d.mine(BOSS.username) for d in listed].count(True) == 1
        assert decisions.count(conn, BOSS) == 2
        assert decisions.count(conn, OTHER_BOSS) == 3
        assert decisions.count(conn, Viewer("epb.boss", "EPB", frozenset({"supervisor"}))) == 0
        assert decisions.count(conn, Viewer("pwb1", "PWB", frozenset({"officer"}))) == 0
