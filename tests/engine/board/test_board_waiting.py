"""The board counts the cases waiting on their petitioner (補正) apart, as
待補正: not overdue and not due soon while their deadline stands still, and
each figure's case list holds exactly the cases counted. Real petitions
through the engine, an injected clock."""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from engine.board import figures, lists
from engine.cases import supplements
from engine.time.calendar import WorkingCalendar
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_conftest", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)

WEEKS = figures.BoardFilter(date(2026, 3, 2), date(2026, 3, 9))
PETITION = dict(channel="letter", subject="路燈不亮", content="鼓山區路燈故障",
                category="street_light", district="D-GUSHAN", language="zh_TW",
                confidential=False, art173_ground="none")


@pytest.fixture
def lib(engine, db, clock):
    models.load_reference(db, with_demo_users=False)
    deploy_checked(engine, models.library_files())
    return models.Driver(engine, db, clock)


@pytest.fixture
def story(lib):
    """Mon 03-02: three street-light petitions reach PWB (handle due Tue 03-10);
    on Wed 03-04 the officer asks W1's and W2's petitioners for 補正; P runs on."""
    lib.clock.set(models.at(2026, 3, 2))
    ids = {}
    for name in ("P", "W1", "W2"):
        ids[name] = lib.start("petition", {}, petitioner={"name": "王", "email": "w@example.org"})
        lib.complete(ids[name], "register", **PETITION)
    lib.clock.set(models.at(2026, 3, 4, 10, 0))
    for name in ("W1", "W2"):
        row = lib.task(ids[name], "handle")
        lib.engine.claim(row.id, models.worker(row))
        lib.engine.ask_supplement(row.id, models.worker(row), "請補正路燈的電桿編號")
    return ids


def board(lib):
    with lib.db.connect() as conn:
        now = lib.clock.now()
        b = figures.agency_board(conn, None, WEEKS, now)
        soon = figures.due_soon_limit(now, WorkingCalendar.load(conn))
        listed = {k: [r.number for r in lists.cases_for(conn, None, WEEKS, k, now, soon)]
                  for k in figures.OPEN_FIGURES}
    return {r.key: r for r in b.rows}, b.total, listed


def numbers(lib, ids, *names):
    return sorted(lib.case(ids[n]).number for n in names)


def test_waiting_cases_are_paused_not_due_soon(lib, story):
    lib.clock.set(models.at(2026, 3, 9, 9, 0))      # Mon: all three were due Tue 03-10
    rows, total, listed = board(lib)
    pwb = rows["PWB"]
    assert (pwb.open, pwb.due_soon, pwb.overdue, pwb.paused) == (3, 1, 0, 2)
    assert total.paused == 2
    assert sorted(listed["paused"]) == numbers(lib, story, "W1", "W2")
    assert listed["due_soon"] == numbers(lib, story, "P")


def test_waiting_cases_are_paused_not_overdue_and_lists_match(lib, story):
    lib.advance(days=10)                             # Sat 03-14: P overdue since 03-10
    rows, total, listed = board(lib)
    pwb = rows["PWB"]
    assert (pwb.open, pwb.due_soon, pwb.overdue, pwb.paused) == (3, 0, 1, 2)
    assert listed["overdue"] == numbers(lib, story, "P")
    assert sorted(listed["paused"]) == numbers(lib, story, "W1", "W2")
    for figure in figures.OPEN_FIGURES:                # every figure is as long as its list
        assert getattr(pwb, figure) == len(listed[figure]), figure
    assert rows["PWB"].escalated == 1                # P only: the waiting ones never escalated


def test_an_answered_case_counts_again_by_its_moved_deadline(lib, story):
    lib.clock.set(models.at(2026, 3, 13, 10, 0))     # Fri: 7 working days stood still
    lib.engine.answer_supplement(story["W1"], supplements.PETITIONER, "電桿編號 A123")
    rows, _total, listed = board(lib)
    pwb = rows["PWB"]
    assert (pwb.open, pwb.paused) == (3, 1)
    assert listed["paused"] == numbers(lib, story, "W2")
    assert numbers(lib, story, "W1")[0] not in listed["overdue"]   # due 03-19 now


def test_an_agency_filter_counts_its_waiting_cases_only(lib, story):
    lib.clock.set(models.at(2026, 3, 12, 9, 0))
    other = figures.BoardFilter(WEEKS.first_week, WEEKS.last_week, agency="EPB")
    with lib.db.connect() as conn:
        b = figures.agency_board(conn, None, other, lib.clock.now())
    assert b.total.paused == 0
