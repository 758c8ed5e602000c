"""After 補正: the inbox row says 已補正 until an officer of the task opens it
(engine/cases/supplement_seen.py); the officer's notice names the step the
request was asked on; a call to a petitioner with no e-mail is recorded once,
audited as contact. Real petition model, injected clock."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from engine.cases import queries, supplement_seen, supplements
from engine.cases.actors import Actor
from engine.data.errors import Conflict, Forbidden
from engine.data.schema import agency, app_user, audit, outbox, supplement_request, task
from engine.time.calendar import TAIPEI

from .test_supplements import OFFICER, OTHER, SUPERVISOR, handle  # noqa: F401  (the fixture)

EPB_OFFICER = Actor("epb.officer", "EPB", frozenset({"officer"}))
ADMIN = Actor("pwb.admin", "PWB", frozenset({"admin"}))   # an administrator placed at PWB
ANSWER = "坑洞在中山路100號前"


def _asked(engine, clock, task_id):
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    engine.ask_supplement(task_id, OFFICER, "請補正坑洞的正確地址")
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))


def _row(db, viewer_name, task_id, view="mine"):
    viewer = queries.Viewer(viewer_name, "PWB", frozenset({"officer"}))
    with db.connect() as conn:
        rows = queries.inbox(conn, viewer, queries.InboxFilter(view=view), datetime.now(TAIPEI))
    return {r.id: r for r in rows}[task_id]


def _task(db, task_id):
    with db.connect() as conn:
        return conn.execute(select(task).where(task.c.id == task_id)).first()


def _seen(db, actor, task_id, clock) -> bool:
    with db.begin() as conn:
        return supplement_seen.mark_seen(conn, actor, _task(db, task_id), clock.now())


def test_the_petitioners_answer_marks_the_row_until_its_officer_looks(engine, db, clock, handle):
    _asked(engine, clock, handle)
    assert not _row(db, OFFICER.username, handle).supplemented
    engine.answer_supplement(_task(db, handle).case_id, supplements.PETITIONER, ANSWER)
    assert _row(db, OFFICER.username, handle).supplemented
    assert not _seen(db, SUPERVISOR, handle, clock)          # looking over the team: still new
    assert not _seen(db, OTHER, handle, clock)               # not the one holding it
    assert _row(db, OFFICER.username, handle).supplemented
    assert _seen(db, OFFICER, handle, clock)
    assert not _row(db, OFFICER.username, handle).supplemented
    assert not _seen(db, OFFICER, handle, clock)             # nothing left to mark
    with db.connect() as conn:
        (req,) = conn.execute(select(supplement_request)).all()
    assert req.seen_by == OFFICER.username


def test_an_unclaimed_step_is_seen_by_an_officer_of_its_agency(engine, db, clock, handle):
    _asked(engine, clock, handle)
    engine.unclaim(handle, OFFICER)
    engine.answer_supplement(_task(db, handle).case_id, supplements.PETITIONER, ANSWER)
    assert _row(db, "pwb.any", handle, view="queue").supplemented
    assert not _seen(db, EPB_OFFICER, handle, clock)
    assert _seen(db, OTHER, handle, clock)
    assert not _row(db, "pwb.any", handle, view="queue").supplemented


def _staff(db, agency_code, *people, active=True):
    """Accounts of an agency: (username, roles)."""
    with db.begin() as conn:
        conn.execute(insert(app_user), [dict(
            username=name, password_hash="x", agency_code=agency_code, roles=roles,
            active=active, created_at=datetime(2026, 3, 1, tzinfo=TAIPEI))
            for name, roles in people])


def test_a_supervisor_or_an_administrator_looking_at_a_queue_task_leaves_the_mark(
        engine, db, clock, handle):
    """Nobody holds the step and PWB has officers: only an officer who works it
    clears 已補正, not the supervisor (who may also do officers' work) nor an
    administrator."""
    _staff(db, "PWB", (OTHER.username, "officer"), (SUPERVISOR.username, "supervisor,officer"))
    _asked(engine, clock, handle)
    engine.unclaim(handle, OFFICER)
    engine.answer_supplement(_task(db, handle).case_id, supplements.PETITIONER, ANSWER)
    assert not _seen(db, SUPERVISOR, handle, clock)
    assert not _seen(db, ADMIN, handle, clock)
    assert _row(db, "pwb.any", handle, view="queue").supplemented
    assert _seen(db, OTHER, handle, clock)
    with db.connect() as conn:
        assert conn.execute(select(supplement_request.c.seen_by)).scalar() == OTHER.username


def test_a_co_handling_agencys_step_is_not_marked_and_does_not_clear_it(
        engine, db, clock, handle):
    """The mark is the asked step's: EPB's open step of the same case shows no
    已補正, and EPB's officer opening it leaves PWB's officer his mark."""
    cid = _task(db, handle).case_id
    _asked(engine, clock, handle)
    _other_open_task(db, cid, datetime(2026, 3, 9, 17, 0, tzinfo=TAIPEI))
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    assert not _epb_row(db).supplemented
    assert not _seen(db, EPB_OFFICER, "other-step", clock)
    assert supplement_seen.answer_for(db.connect(), _task(db, "other-step")) is None
    assert _row(db, OFFICER.username, handle).supplemented
    assert _seen(db, OFFICER, handle, clock)
    assert not _row(db, OFFICER.username, handle).supplemented


def test_when_the_asked_step_is_finished_its_agencys_open_step_carries_the_mark(
        engine, db, clock, handle):
    cid = _task(db, handle).case_id
    _asked(engine, clock, handle)
    _other_open_task(db, cid, datetime(2026, 3, 9, 17, 0, tzinfo=TAIPEI))
    with db.begin() as conn:   # the work went on at PWB: its next step, unclaimed
        conn.execute(update(task).where(task.c.id == handle).values(state="completed"))
        conn.execute(insert(task).values(
            id="review", case_id=cid, process_key="petition", element_id="review",
            name="覆核 Review", candidate_agency="PWB", state="ready",
            created_at=datetime(2026, 3, 5, 9, 0, tzinfo=TAIPEI)))
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    assert _row(db, "pwb.any", "review", view="queue").supplemented
    assert not _epb_row(db).supplemented
    assert not _seen(db, EPB_OFFICER, "other-step", clock)
    assert supplement_seen.answer_for(db.connect(), _task(db, "review")).answer == ANSWER
    assert _seen(db, OTHER, "review", clock)
    assert not _row(db, "pwb.any", "review", view="queue").supplemented


def _epb_row(db):
    viewer = queries.Viewer(EPB_OFFICER.username, "EPB", frozenset({"officer"}))
    with db.connect() as conn:
        rows = queries.inbox(conn, viewer, queries.InboxFilter(view="queue"), datetime.now(TAIPEI))
    return {r.id: r for r in rows}["other-step"]


def test_an_answer_the_officer_records_is_seen_already(engine, db, clock, handle):
    _asked(engine, clock, handle)
    engine.answer_supplement(_task(db, handle).case_id, OFFICER, ANSWER, task_id=handle)
    assert not _row(db, OFFICER.username, handle).supplemented
    assert supplement_seen.answer_for(db.connect(), _task(db, handle)).answer == ANSWER


def _other_open_task(db, case_id, due):
    """A second open step of the case, at EPB, due sooner than handle."""
    with db.begin() as conn:
        conn.execute(insert(task).values(
            id="other-step", case_id=case_id, process_key="petition", element_id="inspect",
            name="會勘 Site inspection", candidate_agency="EPB", state="ready",
            created_at=due - timedelta(days=5), due_at=due))


def _notice(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.case_id == case_id,
                                                 outbox.c.kind == "supplement_answered")).one()


def test_the_notice_names_the_step_it_was_asked_on(engine, db, clock, handle):
    cid = _task(db, handle).case_id
    _asked(engine, clock, handle)
    _other_open_task(db, cid, datetime(2026, 3, 5, 17, 0, tzinfo=TAIPEI))
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    notice = _notice(db, cid)
    assert "辦理並擬復" in notice.body and "會勘" not in notice.body
    assert "民國115年3月12日" in notice.body                    # handle's moved deadline
    assert notice.recipient != "epb@city.example"


def test_when_that_step_is_finished_the_notice_names_the_open_one(engine, db, clock, handle):
    cid = _task(db, handle).case_id
    _asked(engine, clock, handle)
    _other_open_task(db, cid, datetime(2026, 3, 9, 17, 0, tzinfo=TAIPEI))
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.id == handle).values(state="completed"))
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    notice = _notice(db, cid)
    assert "「會勘」" in notice.body and "辦理並擬復" not in notice.body
    with db.connect() as conn:                                  # its agency: nobody holds it
        epb = conn.execute(select(agency.c.email).where(agency.c.code == "EPB")).scalar()
    assert epb and notice.recipient == epb


def test_a_call_is_recorded_once_and_audited_as_contact(engine, db, clock, handle):
    _asked(engine, clock, handle)
    with pytest.raises(Forbidden):
        supplements.record_call(engine, handle, OTHER)
    supplements.record_call(engine, handle, OFFICER)
    with pytest.raises(Conflict) as second:
        supplements.record_call(engine, handle, OFFICER)
    assert second.value.detail["code"] == "already_phoned"
    with db.connect() as conn:
        (req,) = conn.execute(select(supplement_request)).all()
        calls = conn.execute(select(audit.c.actor, audit.c.task_id).where(
            audit.c.action == "contact_recorded")).all()
    assert req.phoned_by == OFFICER.username and req.phoned_at is not None
    assert calls == [(OFFICER.username, handle)]


def test_no_call_is_recorded_when_nothing_is_asked(engine, db, handle):
    with pytest.raises(Conflict) as refused:
        supplements.record_call(engine, handle, OFFICER)
    assert refused.value.detail["code"] == "not_waiting"
