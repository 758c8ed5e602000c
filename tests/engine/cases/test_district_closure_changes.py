"""A district closure (停班) after the fact: an agency moving to another
district, a closure extended to more districts or narrowed to fewer, and a
stopped clock (補正) resuming across a closure of the task's district. Real
petition model, injected clock."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine.cases import calendar_moves, extensions
from engine.cases.actors import Actor
from engine.data.schema import agency, audit, calendar_override, task
from engine.time.calendar import HOLIDAY, TAIPEI
from engine.time.deadlines import as_utc

ADMIN = Actor("admin", "DOA", frozenset({"admin"}))
DUE_DAY = date(2026, 3, 10)   # PWB's (苓雅區) handle task, registered Mon 03-02


@pytest.fixture
def handled_case(db, road_petition):
    assert _open(db, road_petition)["handle"].candidate_agency == "PWB"
    return road_petition


def _open(db, cid) -> dict:
    with db.connect() as conn:
        return {r.element_id: r for r in conn.execute(select(task).where(
            task.c.case_id == cid, task.c.state == "ready"))}


def _due(db, cid, element="handle") -> date:
    return as_utc(_open(db, cid)[element].due_at).astimezone(TAIPEI).date()


def _closure(day, *codes):
    return calendar_moves.Change(day, HOLIDAY, "凱米颱風停止上班", frozenset(codes))


def _actions(db) -> list[str]:
    with db.connect() as conn:
        return [r.action for r in conn.execute(select(audit.c.action).order_by(audit.c.id))]


# -- 3. resuming a stopped clock counts on the task's agency's calendar ------
def test_resuming_counts_the_stopped_days_on_the_agencys_calendar(engine, db, clock, handled_case):
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))          # Wed: 補正 asked
    with db.begin() as conn:
        extensions.stop_clock(conn, clock, "officer", handled_case, reason="請補正地址")
    calendar_moves.declare(engine, _closure(date(2026, 3, 5), "LINGYA"), ADMIN)   # Thu, 苓雅區
    assert _due(db, handled_case) == date(2026, 3, 11)
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))          # Mon: answered
    engine.resume_clock(handled_case, ADMIN)
    # 苓雅區 stood still Fri 6 and Mon 9 only (Thu 5 was closed, already moved):
    # 03-11 + 2 working days; the city's 3 days would give Mon 03-16.
    assert _due(db, handled_case) == date(2026, 3, 13)
    assert "clock_resumed" in _actions(db)


# -- 2. a district closure extended to more districts, narrowed to fewer -----
def _closed(db, day) -> str | None:
    with db.connect() as conn:
        return conn.execute(select(calendar_override.c.districts)
                            .where(calendar_override.c.day == day)).scalar()


def test_closing_more_districts_extends_the_closure_and_moves_only_theirs(
        engine, db, handled_case):
    first = calendar_moves.declare(engine, _closure(DUE_DAY, "NANZI"), ADMIN)
    assert first.count == 0 and _closed(db, DUE_DAY) == "NANZI"
    more = calendar_moves.declare(engine, _closure(DUE_DAY, "LINGYA"), ADMIN)
    assert _closed(db, DUE_DAY) == "LINGYA,NANZI" and more.closure == {"LINGYA", "NANZI"}
    assert more.per_agency() == {"PWB": 1} and _due(db, handled_case) == date(2026, 3, 11)
    again = calendar_moves.declare(engine, _closure(DUE_DAY, "LINGYA", "QISHAN"), ADMIN)
    assert again.count == 0 and _closed(db, DUE_DAY) == "LINGYA,NANZI,QISHAN"
    assert _due(db, handled_case) == date(2026, 3, 11)   # not moved twice
    with db.connect() as conn:
        detail, _tasks = calendar_moves.recorded(conn, more.audit_id)
    assert detail["districts"] == ["LINGYA"] and detail["closure"] == ["LINGYA", "NANZI"]


def test_removing_one_district_narrows_the_closure_and_moves_its_agencies_back(
        engine, db, handled_case):
    calendar_moves.declare(engine, _closure(DUE_DAY, "LINGYA", "NANZI"), ADMIN)
    assert _due(db, handled_case) == date(2026, 3, 11)
    other = calendar_moves.declare(engine, calendar_moves.Change(
        DUE_DAY, None, districts=frozenset({"NANZI"})), ADMIN)
    assert other.count == 0 and _closed(db, DUE_DAY) == "LINGYA"
    back = calendar_moves.declare(engine, calendar_moves.Change(
        DUE_DAY, None, districts=frozenset({"LINGYA"})), ADMIN)
    assert back.per_agency() == {"PWB": 1} and _due(db, handled_case) == DUE_DAY
    with db.connect() as conn:   # the last district gone: the override is too
        assert conn.execute(select(calendar_override)).first() is None
        detail, tasks = calendar_moves.recorded(conn, back.audit_id)
    assert detail["districts"] == ["LINGYA"] and not detail["kind"] and len(tasks) == 1


def test_removing_a_district_the_closure_does_not_cover_is_refused(engine, db, handled_case):
    from engine.data.errors import NotFound
    calendar_moves.declare(engine, _closure(DUE_DAY, "LINGYA"), ADMIN)
    with pytest.raises(NotFound):
        calendar_moves.declare(engine, calendar_moves.Change(
            DUE_DAY, None, districts=frozenset({"NANZI"})), ADMIN)
    assert _closed(db, DUE_DAY) == "LINGYA" and _due(db, handled_case) == date(2026, 3, 11)


# -- 1. an agency moving to another district ---------------------------------
def _move_pwb(engine, district):
    from sqlalchemy import update
    from engine.cases import district_moves
    return district_moves.rehome(engine, "PWB", ADMIN, lambda conn: conn.execute(
        update(agency).where(agency.c.code == "PWB").values(district=district)))


def test_moving_into_a_closed_district_moves_the_deadline(engine, db, clock, handled_case):
    calendar_moves.declare(engine, _closure(date(2026, 3, 5), "NANZI"), ADMIN)
    assert _due(db, handled_case) == DUE_DAY
    moves = _move_pwb(engine, "NANZI")
    assert moves.per_agency() == {"PWB": 1} and _due(db, handled_case) == date(2026, 3, 11)
    with db.connect() as conn:
        row = conn.execute(select(audit.c.detail).where(audit.c.id == moves.audit_id)).scalar()
    assert '"before": "LINGYA"' in row and '"after": "NANZI"' in row
    assert _actions(db)[-2:] == ["deadline_moved", "agency_district_moved"]


def test_moving_out_of_the_closed_district_moves_it_back(engine, db, clock, handled_case):
    calendar_moves.declare(engine, _closure(date(2026, 3, 5), "LINGYA", "SANMIN"), ADMIN)
    assert _due(db, handled_case) == date(2026, 3, 11)
    assert _move_pwb(engine, "SANMIN").count == 0      # closed there too
    assert _move_pwb(engine, "QISHAN").count == 1
    assert _due(db, handled_case) == DUE_DAY


def test_a_closure_already_past_stays_as_counted(engine, db, clock, handled_case):
    calendar_moves.declare(engine, _closure(date(2026, 3, 5), "NANZI"), ADMIN)
    clock.set(datetime(2026, 3, 6, 9, 0, tzinfo=TAIPEI))
    assert _move_pwb(engine, "NANZI").count == 0
    assert _due(db, handled_case) == DUE_DAY


def test_the_save_and_the_moves_are_one_transaction(engine, db, clock, handled_case):
    from engine.cases import district_moves
    calendar_moves.declare(engine, _closure(date(2026, 3, 5), "NANZI"), ADMIN)

    def save_then_fail(conn):
        conn.execute(agency.update().where(agency.c.code == "PWB").values(district="NANZI"))
        raise RuntimeError("refused")
    with pytest.raises(RuntimeError):
        district_moves.rehome(engine, "PWB", ADMIN, save_then_fail)
    with db.connect() as conn:
        assert conn.execute(select(agency.c.district).where(agency.c.code == "PWB")).scalar() \
            == "LINGYA"
