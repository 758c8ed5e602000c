"""Who clears 已補正 on a step nobody holds (engine/cases/supplement_seen.py
is_officer_of): one who may work it. A step that names no agency is anyone's
of its role, so an officer opening it clears the mark; in a section whose
only staff of the step are its chiefs (supervisors), the chief opening it is
its officer; where officers work it, the supervisor looking over the queue
leaves it to them, and an administrator never clears it. Real petition model."""
from datetime import datetime

from sqlalchemy import select, update

from engine.cases import supplement_seen, supplements
from engine.cases.actors import Actor
from engine.data.schema import supplement_request, task
from engine.time.calendar import TAIPEI

from .test_supplement_seen import _seen, _staff
from .test_supplement_seen import _task as _row
from .test_supplements import OFFICER, SUPERVISOR, handle  # noqa: F401  (the fixture)

ANSWER = "坑洞在中山路100號前"
EPB_OFFICER = Actor("epb.officer", "EPB", frozenset({"officer"}))
CHIEF_ONLY = Actor("pwb.chief", "PWB", frozenset({"supervisor"}))
ADMIN = Actor("pwb.admin", "PWB", frozenset({"admin"}))


def _answered_in_the_queue(engine, db, clock, task_id):
    """補正 asked on the step, then nobody holds it; the petitioner answers."""
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    engine.ask_supplement(task_id, OFFICER, "請補正坑洞的正確地址")
    engine.unclaim(task_id, OFFICER)
    clock.set(datetime(2026, 3, 5, 10, 0, tzinfo=TAIPEI))
    engine.answer_supplement(_row(db, task_id).case_id, supplements.PETITIONER, ANSWER)


def _seen_by(db):
    with db.connect() as conn:
        return conn.execute(select(supplement_request.c.seen_by)).scalar_one()


def test_a_step_naming_no_agency_is_seen_by_an_officer_who_may_work_it(engine, db, clock, handle):
    _staff(db, "PWB", (OFFICER.username, "officer"))
    _answered_in_the_queue(engine, db, clock, handle)
    with db.begin() as conn:   # a model's step that names no agency: anyone's of its role
        conn.execute(update(task).where(task.c.id == handle).values(candidate_agency=None))
    assert supplement_seen.answer_for(db.connect(), _row(db, handle)).answer == ANSWER
    assert not _seen(db, ADMIN, handle, clock)
    assert not _seen(db, SUPERVISOR, handle, clock)   # officers work it: he looks over
    assert _seen(db, EPB_OFFICER, handle, clock)
    assert _seen_by(db) == EPB_OFFICER.username


def test_in_a_section_of_chiefs_the_chief_opening_it_clears_the_mark(engine, db, clock, handle):
    _staff(db, "PWB", (CHIEF_ONLY.username, "supervisor"), (SUPERVISOR.username, "supervisor,officer"))
    _staff(db, "PWB", ("pwb.retired", "officer"), active=False)   # gone: works nothing
    _staff(db, "EPB", ("epb.officer", "officer"))                  # another agency's
    _answered_in_the_queue(engine, db, clock, handle)
    assert not _seen(db, ADMIN, handle, clock)
    assert not _seen(db, EPB_OFFICER, handle, clock)
    assert _seen(db, CHIEF_ONLY, handle, clock)
    assert _seen_by(db) == CHIEF_ONLY.username
    assert not _seen(db, SUPERVISOR, handle, clock)   # nothing left to mark


def test_where_officers_work_it_the_supervisor_leaves_it_to_them(engine, db, clock, handle):
    _staff(db, "PWB", (CHIEF_ONLY.username, "supervisor"), ("pwb.officer2", "officer"))
    _answered_in_the_queue(engine, db, clock, handle)
    assert not _seen(db, CHIEF_ONLY, handle, clock)
    assert _seen(db, Actor("pwb.officer2", "PWB", frozenset({"officer"})), handle, clock)
