"""The deadline board's figures, from real petitions driven through the engine
with a moving clock: completed on time, late, overdue and open, extended,
escalated; the trigger-kept rollup equals the raw task rows, before and
after folding, and after the migration's backfill."""
from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.board import figures, lists, median as board_median, rollup
from engine.board.scope import NotAllowed, board_scope
from engine.time.calendar import WorkingCalendar, local_date
from engine.data.db import alembic
from engine.time.deadlines import as_utc
from engine.cases.queries import Viewer
from engine.data.schema import agency, board_task_delta, board_task_week, task
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_conftest", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
models = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(models)

WEEKS = figures.BoardFilter(date(2026, 3, 2), date(2026, 3, 9))
DOA_BOSS = Viewer("doaboss", "DOA", frozenset({"supervisor"}))
PETITION = dict(channel="letter", subject="路燈不亮", content="鼓山區路燈故障",
                category="street_light", district="D-GUSHAN", language="zh_TW",
                confidential=False, art173_ground="none")
REPLY = dict(handling_action="reply", reply_text="已派員修補。", legal_basis="市區道路條例第9條")


@pytest.fixture
def lib(engine, db, clock):
    models.load_reference(db, with_demo_users=False)
    deploy_checked(engine, models.library_files())   # model_reports.py
    return models.Driver(engine, db, clock)


@pytest.fixture
def story(lib):
    """Mon 03-02: four street-light petitions reach PWB (handle due Tue 03-10).
    A is answered the next day, B late on Fri 03-13, C stays open and
    overdue (escalated), D gets a 5-day extension (due Tue 03-17)."""
    ids = {}
    for name in "ABCD":
        ids[name] = lib.start("petition", {}, petitioner={"name": "王", "email": "w@example.org"})
        lib.complete(ids[name], "register", **PETITION)
    lib.complete(ids["D"], "handle", handling_action="extension", extension_reason="需會勘現場",
                 extension_days=5)
    lib.complete(ids["D"], "approve_extension", extension_approved=True, extension_days=5)
    lib.advance(days=1)
    lib.complete(ids["A"], "handle", **REPLY)
    lib.advance(days=10)          # Fri 03-13 09:00: C and B overdue since Wed 03-11
    lib.complete(ids["B"], "handle", **REPLY)
    return ids


def test_agency_figures_are_exact(story, db, clock):
    with db.connect() as conn:
        b = figures.agency_board(conn, None, WEEKS, clock.now())
    rows = {r.key: r for r in b.rows}
    pwb = rows["PWB"]
    assert (pwb.open, pwb.due_soon, pwb.overdue, pwb.extended, pwb.escalated) == (2, 1, 1, 1, 1)
    # handle A (1 day, on time), B (11 days, late), D handle + approval (0 days)
    assert (pwb.completed, pwb.on_time, pwb.late, pwb.on_time_rate) == (4, 3, 1, 75.0)
    assert pwb.median_days == 0.5   # days 0, 0, 1, 11
    doa = rows["DOA"]
    assert (doa.open, doa.completed, doa.on_time_rate, doa.median_days) == (0, 4, 100.0, 0)
    assert [(w.key, w.completed, w.on_time) for w in b.weeks] == [
        ("2026-03-02", 7, 7), ("2026-03-09", 1, 0)]
    assert (b.total.completed, b.total.open, b.total.overdue) == (8, 2, 1)
    assert b.total.median_days == 0   # days 0 (six times), 1, 11


def test_due_soon_counts_working_days(story, db, clock):
    # Fri 03-13: two working days on is Tue 03-17 23:59:59, D's deadline.
    with db.connect() as conn:
        soon = figures.due_soon_limit(clock.now(), WorkingCalendar.load(conn))
    assert models.day(soon) == "2026-03-17"


def test_drill_down_lists_match_the_figures(story, db, clock, lib):
    f = figures.BoardFilter(WEEKS.first_week, WEEKS.last_week, agency="PWB")
    with db.connect() as conn:
        b = figures.agency_board(conn, None, f, clock.now())
        numbers = {fig: [r.number for r in lists.cases_for(conn, None, f, fig, clock.now(),
                                                                  b.soon)]
                   for fig in figures.OPEN_FIGURES}
        late = lists.tasks_for(conn, None, f, "late")
        done = lists.tasks_for(conn, None, f, "completed")
    row = b.rows[0]
    for fig in figures.OPEN_FIGURES:
        assert len(numbers[fig]) == getattr(row, fig), fig
    c_number = lib.case(story["C"]).number
    assert numbers["overdue"] == numbers["escalated"] == [c_number]
    assert [t.number for t in late] == [lib.case(story["B"]).number]
    assert len(done) == row.completed


def test_drill_down_counts_say_how_many_beyond_the_limit(story, db, clock):
    """A list cut at its limit still says how many its figure holds."""
    f = figures.BoardFilter(WEEKS.first_week, WEEKS.last_week, agency="PWB")
    with db.connect() as conn:
        b = figures.agency_board(conn, None, f, clock.now())
        row = b.rows[0]
        for fig in figures.OPEN_FIGURES:
            assert lists.count_cases(conn, None, f, fig, clock.now(), b.soon) == getattr(row, fig), fig
            assert len(lists.cases_for(conn, None, f, fig, clock.now(), b.soon, limit=1)) <= 1
        for fig in figures.COMPLETED_FIGURES:
            assert lists.count_tasks(conn, None, f, fig) == getattr(row, fig), fig
        assert lists.count_tasks(conn, None, f, "completed", element="handle") == 3   # A, B, D asking
    assert row.open == 2 and row.completed > 2


def test_step_figures_compare_time_taken_with_time_allowed(story, db):
    f = figures.BoardFilter(WEEKS.first_week, WEEKS.last_week, process="petition")
    with db.connect() as conn:
        steps = {s.key: s for s in figures.step_figures(conn, None, f)}
    assert steps["register"].completed == 4 and steps["register"].median_days == 0
    handle = steps["handle"]
    assert (handle.completed, handle.on_time, handle.median_days) == (3, 2, 1)
    assert handle.allowed_days == 8.6   # created Mon 09:00, due Tue next week 23:59:59


def _raw_rollup(conn) -> dict:
    """What the rollup must hold, recomputed from the task rows in Python."""
    out = {}
    for t in conn.execute(select(task).where(task.c.state == "completed")):
        done = as_utc(t.completed_at)
        taken = int(done.timestamp()) - int(as_utc(t.created_at).timestamp())
        key = (figures.week_of(local_date(done)), t.candidate_agency or "",
               t.element_id, (max(0, taken) + 86399) // 86400)
        on_time = t.due_at is not None and done <= as_utc(t.due_at)
        n, ok = out.get(key, (0, 0))
        out[key] = (n + 1, ok + on_time)
    return out


def _stored_rollup(conn) -> dict:
    src = rollup.rows(date(2000, 1, 3), date(2100, 1, 4))
    out = {}
    for r in conn.execute(select(src)):
        key = (r.week, r.agency, r.element_id, r.days)
        n, ok = out.get(key, (0, 0))
        out[key] = (n + r.completed, ok + r.on_time)
    return out


def test_rollup_equals_raw_rows_before_and_after_folding(story, db):
    with db.connect() as conn:
        raw = _raw_rollup(conn)
        assert _stored_rollup(conn) == raw
        assert conn.execute(select(board_task_delta.c.id)).first() is not None
    rollup.fold_if_pending(db)
    with db.connect() as conn:
        assert conn.execute(select(board_task_delta.c.id)).first() is None
        assert _stored_rollup(conn) == raw
        assert sum(r.completed for r in conn.execute(select(board_task_week))) == 8


def test_migration_backfills_existing_work(story, db, db_url):
    with db.connect() as conn:
        raw = _raw_rollup(conn)
    db.dispose()
    alembic(db_url, "downgrade", "0002")
    alembic(db_url, "upgrade", "head")
    with db.connect() as conn:
        assert _stored_rollup(conn) == raw


def test_scope_follows_the_agency_tree(lib, db):
    with db.connect() as conn:
        children = conn.execute(select(agency.c.code).where(agency.c.parent_code == "PWB")).scalars().all()
        assert board_scope(conn, Viewer("b", "PWB", frozenset({"supervisor"}))) == {"PWB", *children}
        assert board_scope(conn, DOA_BOSS) is None
        assert board_scope(conn, Viewer("a", "DOA", frozenset({"admin"}))) is None
        with pytest.raises(NotAllowed):
            board_scope(conn, Viewer("o", "PWB", frozenset({"officer"})))
    with pytest.raises(PermissionError):
        figures.agencies_of({"PWB"}, figures.BoardFilter(WEEKS.first_week, WEEKS.last_week, "EPB"))


@pytest.mark.parametrize("histogram,median", [
    ({3: 1}, 3), ({1: 1, 4: 1}, 2.5), ({0: 2, 1: 1, 11: 1}, 0.5), ({2: 5, 9: 1}, 2),
    ({0: 1, 1: 1, 2: 1}, 1), ({5: 2, 7: 2}, 6)])
def test_median_from_the_histogram(db, histogram, median):
    from sqlalchemy import insert
    rows = [{"week": date(2026, 3, 2), "agency": "X", "process_key": "p", "element_id": "e",
             "days": days, "on_time": 1, "with_due": 1, "taken_secs": 0, "allowed_secs": 0}
            for days, n in histogram.items() for _ in range(n)]
    half = len(rows) // 2
    with db.begin() as conn:
        if half:
            conn.execute(insert(board_task_delta), rows[:half])
        rollup.fold(conn)           # half folded, half still deltas
        conn.execute(insert(board_task_delta), rows[half:])
    with db.connect() as conn:
        src = rollup.rows(date(2026, 3, 2), date(2026, 3, 2))
        assert board_median.medians(conn, src, "agency") == {"X": median}
        assert board_median.medians(conn, src, None) == {"": median}
