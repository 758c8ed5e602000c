"""補正 as commands: the officer handling a petition asks the petitioner to
complete it (the clock stops, the request is kept, the petitioner is told),
the answer resumes the clock and moves the deadline. Real petition model,
injected clock."""
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import select

from engine.cases import supplements
from engine.cases.actors import Actor
from engine.data.errors import Conflict, Forbidden, InvalidData
from engine.data.schema import attachment, audit, case, outbox, supplement_request, task
from engine.time.calendar import TAIPEI
from engine.time.deadlines import as_utc

OFFICER = Actor("pwb.officer", "PWB", frozenset({"officer"}))
OTHER = Actor("pwb.officer2", "PWB", frozenset({"officer"}))
SUPERVISOR = Actor("pwb.supervisor", "PWB", frozenset({"supervisor", "officer"}))
ASKED = "請補正坑洞的正確地址（路名與門牌）"


@pytest.fixture
def handle(engine, db, road_petition):
    """A petition at PWB's handle step (due Tue 03-10), claimed by its officer: its task id."""
    task_id = _ready(db, road_petition)["handle"].id
    engine.claim(task_id, OFFICER)
    return task_id


def _ready(db, cid) -> dict:
    with db.connect() as conn:
        return {r.element_id: r for r in conn.execute(select(task).where(
            task.c.case_id == cid, task.c.state == "ready"))}


def _case_of(db, task_id):
    with db.connect() as conn:
        return conn.execute(select(case).join(task, task.c.case_id == case.c.id)
                            .where(task.c.id == task_id)).first()


def _due_day(db, cid) -> date:
    return as_utc(_ready(db, cid)["handle"].due_at).astimezone(TAIPEI).date()


def _rows(db, table, cid):
    with db.connect() as conn:
        return conn.execute(select(table).where(table.c.case_id == cid)
                            .order_by(table.c.id)).all()


def test_asking_stops_the_clock_keeps_the_request_and_tells_the_petitioner(engine, db, clock, handle):
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    engine.ask_supplement(handle, OFFICER, f"  {ASKED}  ")
    c = _case_of(db, handle)
    assert as_utc(c.clock_stopped_at) == as_utc(clock.now())
    (asked,) = _rows(db, supplement_request, c.id)
    assert (asked.request, asked.asked_by, asked.task_id, asked.answered_at) == (
        ASKED, "pwb.officer", handle, None)
    stopped = [r for r in _rows(db, audit, c.id) if r.action == "clock_stopped"]
    assert len(stopped) == 1 and ASKED in stopped[0].detail
    (notice,) = [r for r in _rows(db, outbox, c.id) if r.kind == "supplement"]
    assert notice.recipient == "wang@example.org"
    assert ASKED in notice.body and c.number in notice.subject and "補正" in notice.subject


def test_an_empty_request_is_refused_beside_its_field_and_nothing_changes(engine, db, handle):
    with pytest.raises(InvalidData) as refused:
        engine.ask_supplement(handle, OFFICER, "   ")
    assert refused.value.errors["request"].code == "required"
    c = _case_of(db, handle)
    assert c.clock_stopped_at is None and _rows(db, supplement_request, c.id) == []


def test_asking_twice_is_a_conflict_not_a_second_stop(engine, db, handle):
    engine.ask_supplement(handle, OFFICER, ASKED)
    with pytest.raises(Conflict) as second:
        engine.ask_supplement(handle, OFFICER, "請附照片")
    assert second.value.detail["code"] == "already_waiting"
    assert len(_rows(db, supplement_request, _case_of(db, handle).id)) == 1


def test_a_stale_page_loses_to_the_officer_who_asked_first(engine, db, handle):
    seen = _case_of(db, handle).version
    engine.ask_supplement(handle, OFFICER, ASKED)
    with pytest.raises(Conflict):
        engine.ask_supplement(handle, OFFICER, "請附照片", expected_version=seen)


def test_only_the_officer_holding_the_step_asks(engine, db, handle):
    """A held step is its holder's: a supervisor reassigns it rather than ask over him."""
    with pytest.raises(Forbidden):
        engine.ask_supplement(handle, OTHER, ASKED)
    with pytest.raises(Forbidden):
        engine.ask_supplement(handle, Actor("epb.officer", "EPB", frozenset({"officer"})), ASKED)
    with pytest.raises(Forbidden) as boss:
        engine.ask_supplement(handle, SUPERVISOR, ASKED)
    assert boss.value.detail == {"task_id": handle, "code": "held_by_other", "holder": OFFICER.username}
    assert _case_of(db, handle).clock_stopped_at is None
    engine.ask_supplement(handle, OFFICER, ASKED)
    assert _case_of(db, handle).clock_stopped_at is not None


def test_a_supervisor_asks_on_a_step_nobody_holds(engine, db, road_petition):
    task_id = _ready(db, road_petition)["handle"].id
    engine.ask_supplement(task_id, SUPERVISOR, ASKED)
    assert _case_of(db, task_id).clock_stopped_at is not None


def test_the_petitioners_answer_resumes_the_clock_and_moves_the_deadline(engine, db, clock, handle):
    cid = _case_of(db, handle).id
    assert _due_day(db, cid) == date(2026, 3, 10)
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))          # Wed: asked
    engine.ask_supplement(handle, OFFICER, ASKED)
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))          # Mon: answered
    sent = supplements.SentFile("門牌.jpg", "image/jpeg", 3, "ab" * 32, "ab/" + "ab" * 32)
    days = engine.answer_supplement(cid, supplements.PETITIONER, "中山一路100號前", [sent])
    assert days == 3 and _due_day(db, cid) == date(2026, 3, 13)   # Thu, Fri, Mon stood still
    (row,) = _rows(db, supplement_request, cid)
    assert (row.answer, row.answered_by) == ("中山一路100號前", "petitioner")
    assert as_utc(row.answered_at) == as_utc(clock.now())
    assert _case_of(db, handle).clock_stopped_at is None
    (file,) = _rows(db, attachment, cid)
    assert (file.filename, file.uploaded_by) == ("門牌.jpg", "petitioner")
    actions = [r.action for r in _rows(db, audit, cid)]
    assert actions[-2:] == ["clock_resumed", "attach"] or actions[-2:] == ["attach", "clock_resumed"]


def test_the_officer_records_an_answer_given_by_phone(engine, db, clock, handle):
    cid = _case_of(db, handle).id
    engine.ask_supplement(handle, OFFICER, ASKED)
    with pytest.raises(Forbidden):
        engine.answer_supplement(cid, OTHER, "電話告知地址", task_id=handle)
    engine.answer_supplement(cid, OFFICER, "電話告知：中山一路100號", task_id=handle)
    (row,) = _rows(db, supplement_request, cid)
    assert row.answered_by == "pwb.officer" and _case_of(db, handle).clock_stopped_at is None


def test_an_answer_when_nothing_is_asked_is_a_conflict(engine, db, handle):
    cid = _case_of(db, handle).id
    with pytest.raises(Conflict) as refused:
        engine.answer_supplement(cid, supplements.PETITIONER, "地址")
    assert refused.value.detail["code"] == "not_waiting"
    engine.ask_supplement(handle, OFFICER, ASKED)
    with pytest.raises(InvalidData) as empty:
        engine.answer_supplement(cid, supplements.PETITIONER, "")
    assert empty.value.errors["answer"].code == "required"
    engine.answer_supplement(cid, supplements.PETITIONER, "地址")
    with pytest.raises(Conflict):   # sent twice: the second finds the clock running
        engine.answer_supplement(cid, supplements.PETITIONER, "地址")


def test_history_keeps_every_round(engine, db, handle):
    cid = _case_of(db, handle).id
    engine.ask_supplement(handle, OFFICER, ASKED)
    engine.answer_supplement(cid, supplements.PETITIONER, "中山一路100號")
    engine.ask_supplement(handle, OFFICER, "請附現場照片")
    with db.connect() as conn:
        rounds = supplements.history(conn, cid)
        assert [r.request for r in rounds] == [ASKED, "請附現場照片"]
        assert supplements.open_request(conn, cid).request == "請附現場照片"


def test_two_tabs_asking_at_once_one_wins_the_other_gets_a_conflict(engine, db, handle):
    barrier, outcomes = threading.Barrier(2), []

    def ask(actor, text):
        barrier.wait()
        try:
            engine.ask_supplement(handle, actor, text)
            outcomes.append("asked")
        except Conflict as exc:
            outcomes.append(exc.detail.get("code") or "conflict")
    threads = [threading.Thread(target=ask, args=(a, t)) for a, t in
               ((OFFICER, ASKED), (OFFICER, "請附現場照片"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) in (["already_waiting", "asked"], ["asked", "conflict"])
    assert len(_rows(db, supplement_request, _case_of(db, handle).id)) == 1


def test_a_case_answered_while_waiting_takes_no_supplement_after_it_closed(engine, db, handle):
    cid = _case_of(db, handle).id
    engine.ask_supplement(handle, OFFICER, ASKED)
    engine.complete(handle, OFFICER, {"handling_action": "reply", "reply_text": "查無電桿，已結案。",
                                      "legal_basis": "高雄市路燈管理自治條例", "remedy": "none"})
    assert _case_of(db, handle).status == "completed"
    with pytest.raises(Conflict) as late:
        engine.answer_supplement(cid, supplements.PETITIONER, "電桿 K1234")
    assert late.value.detail["code"] == "not_waiting"
