"""已補正 when the work moves while someone looks (engine/cases/supplement_seen.py).

The page reads its task, then clears the mark in a transaction of its own:
a transfer (改分) committed in between leaves the old agency's officer with
a finished step, and the mark stays for the competent agency. A request
asked on the lead's step keeps following the agency responsible for the case
after the new agency's step moved on (an extension asked before anyone there
looked); a co-handling agency's request is recorded as its own and never
reaches the lead. Real petition model, injected clock."""
import threading
from datetime import datetime

import pytest
from sqlalchemy import select, update

from engine.cases import supplement_seen, supplements
from engine.cases.actors import Actor
from engine.data.schema import supplement_request, task
from engine.time.calendar import TAIPEI

from .test_supplement_seen_transfer import (  # noqa: F401  (the fixtures)
    ANSWER, EPB_OFFICER, OFFICER, TRB_OFFICER, _ask, _marked, _open, _row, _seen, _transfer,
    co_handled, handle)

TRB_SUPERVISOR = Actor("trb.supervisor", "TRB", frozenset({"supervisor"}))


def _asked_and_answered(engine, db, clock, handle):
    cid = _row(db, handle).case_id
    _ask(engine, clock, handle)
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    return cid


def test_a_transfer_committed_between_the_read_and_the_look_leaves_the_mark_to_the_new_agency(
        engine, db, clock, handle):
    cid = _asked_and_answered(engine, db, clock, handle)
    stale = _row(db, handle)                  # the page read PWB's open step ...
    _transfer(engine, handle, "supervisor")   # ... a supervisor's 改分 commits ...
    assert not _seen(db, OFFICER, stale, clock)   # ... and PWB's look clears nothing
    (trb,) = _open(db, cid, "TRB")
    assert _marked(db, TRB_OFFICER, trb.id)
    assert _seen(db, TRB_OFFICER, trb, clock)
    assert not _marked(db, TRB_OFFICER, trb.id)


def test_a_step_handed_to_another_officer_meanwhile_is_not_cleared_by_the_first(
        engine, db, clock, handle):
    """The same guard for a move inside the agency: the holder read is no longer it."""
    cid = _asked_and_answered(engine, db, clock, handle)
    stale = _row(db, handle)
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.id == handle).values(assignee="pwb.officer2"))
    assert not _seen(db, OFFICER, stale, clock)
    assert _marked(db, Actor("pwb.officer2", "PWB", frozenset({"officer"})), handle, "mine")
    assert cid


def test_postgresql_a_look_during_an_uncommitted_transfer_waits_for_it(engine, db, clock, handle):
    """The look share-locks the step: a transfer under way is waited for, and
    its outcome (the step finished) decides; the mark stays unseen."""
    if db.dialect.name != "postgresql":
        pytest.skip("SQLite: BEGIN IMMEDIATE already orders the two writers")
    cid = _asked_and_answered(engine, db, clock, handle)
    stale, result = _row(db, handle), []
    with db.connect() as mover:
        tx = mover.begin()
        mover.execute(update(task).where(task.c.id == handle).values(state="completed"))
        look = threading.Thread(target=lambda: result.append(_seen(db, OFFICER, stale, clock)))
        look.start()
        look.join(1.0)
        assert look.is_alive() and not result    # waiting on the step's row
        tx.commit()
    look.join(10)
    assert result == [False]
    assert _unseen(db, cid) == 1


def test_transferred_then_the_new_step_moved_on_before_anyone_looked_still_marked_there(
        engine, db, clock, handle):
    """PWB asked on its handling step, the case went to TRB, and TRB's officer
    asked for an extension without opening the answer: TRB's supervisor, now
    holding the case's step, finds 已補正 and clears it; PWB never does."""
    cid = _asked_and_answered(engine, db, clock, handle)
    _transfer(engine, handle, "supervisor")
    (trb,) = _open(db, cid, "TRB")
    engine.claim(trb.id, TRB_OFFICER)
    engine.complete(trb.id, TRB_OFFICER, {"handling_action": "extension",
                                          "extension_reason": "待現場會勘", "extension_days": 5})
    (approve,) = _open(db, cid, "TRB")
    assert approve.element_id == "approve_extension"
    assert _marked(db, TRB_SUPERVISOR, approve.id)
    assert supplement_seen.answer_for(db.connect(), approve).answer == ANSWER
    assert _seen(db, TRB_SUPERVISOR, approve, clock)
    assert _unseen(db, cid) == 0


def test_the_request_records_whose_step_it_was_asked_on(engine, db, clock, handle, co_handled):
    """The lead's handling step: on the lead's; a co-handler's opinion: not,
    so its answer stays with that agency whoever leads the case."""
    _ask(engine, clock, handle)
    (epb,) = _open(db, co_handled, "EPB")
    engine.claim(epb.id, EPB_OFFICER)
    engine.ask_supplement(epb.id, EPB_OFFICER, "請提供攤位位置照片")
    with db.connect() as conn:
        rows = dict(conn.execute(select(supplement_request.c.task_id,
                                        supplement_request.c.on_lead_step)).all())
    assert rows == {handle: True, epb.id: False}


def _unseen(db, cid) -> int:
    with db.connect() as conn:
        return len(conn.execute(select(supplement_request.c.id).where(
            supplement_request.c.case_id == cid, supplement_seen.UNSEEN)).all())
