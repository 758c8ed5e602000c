"""已補正 follows the lead agency a coordination (共同上級協調) names, as it
follows a transfer: the lead EDB asks for 補正 on its consolidation step
(主辦機關彙整), the co-handling agencies disagree, and the common superior KCG
names the lead (field responsible_agency). The petitioner answers before or
after the ruling; either way the named lead's handling step carries the mark
and the answer at its top, its officer's look clears it, and the agency that
asked, no longer the lead, neither sees nor clears it. Named again, EDB keeps
it. Real petition model (bpmn/petition.bpmn), injected clock."""
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.cases import queries, supplement_seen, supplements
from engine.cases.actors import Actor
from engine.data.schema import case, supplement_request
from engine.time.calendar import TAIPEI

from .test_supplement_seen_transfer import (  # noqa: F401  (the fixtures)
    ANSWER, EPB_OFFICER, TRB_OFFICER, _marked, _open, _opinion, _row, _seen, co_handled)

EDB_OFFICER = Actor("edb.officer", "EDB", frozenset({"officer"}))
POL_OFFICER = Actor("pol.officer", "POL", frozenset({"officer"}))
PWB_OFFICER = Actor("pwb.officer", "PWB", frozenset({"officer"}))
KCG_SUPERVISOR = Actor("kcg.supervisor", "KCG", frozenset({"supervisor"}))
OFFICERS = {"EDB": EDB_OFFICER, "TRB": TRB_OFFICER, "PWB": PWB_OFFICER}


def _at_consolidation_asked(engine, db, clock, cid):
    """The three opinions given (POL disagrees), EDB's officer holds the
    consolidation and asks the petitioner: the consolidation step."""
    _opinion(engine, db, cid, EPB_OFFICER)
    (pol,) = _open(db, cid, "POL")
    engine.complete(pol.id, POL_OFFICER, {"co_opinion_text": "非屬攤販管理範圍",
                                          "co_agrees": False})
    _opinion(engine, db, cid, TRB_OFFICER)
    (lead,) = _open(db, cid, "EDB")
    assert lead.element_id == "consolidate"
    engine.claim(lead.id, EDB_OFFICER)
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    engine.ask_supplement(lead.id, EDB_OFFICER, "請提供攤位位置照片")
    clock.set(datetime(2026, 3, 5, 10, 0, tzinfo=TAIPEI))
    return lead


def _disagreement_referred(engine, db, cid, lead):
    """EDB's officer consolidates (not opening the answer): the agencies
    disagree, KCG's supervisor is to coordinate. The coordination step."""
    engine.complete(lead.id, EDB_OFFICER, {"consolidated_opinion": "警察局不同意",
                                           "agencies_agree": False})
    (coordinate,) = _open(db, cid, "KCG")
    assert coordinate.element_id == "coordinate"
    return coordinate


def _coordinated(engine, db, clock, cid, coordinate, lead_agency):
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))
    engine.claim(coordinate.id, KCG_SUPERVISOR)
    engine.complete(coordinate.id, KCG_SUPERVISOR, {"coordination_ruling": "由指定機關主辦",
                                                    "responsible_agency": lead_agency})
    with db.connect() as conn:
        assert conn.execute(select(case.c.responsible_agency)
                            .where(case.c.id == cid)).scalar_one() == lead_agency
    (handle,) = _open(db, cid, lead_agency)
    assert handle.element_id == "handle"
    return handle


def _answer(engine, clock, cid):
    clock.set(datetime(2026, 3, 9, 10, 0, tzinfo=TAIPEI))
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)


def _marked_rows_of(db, actor, cid) -> list:
    """The case's rows marked 已補正 in `actor`'s inbox (both tabs)."""
    viewer = queries.Viewer(actor.username, actor.agency, actor.roles)
    with db.connect() as conn:
        return [r.id for view in ("mine", "queue")
                for r in queries.inbox(conn, viewer, queries.InboxFilter(view=view),
                                       datetime.now(TAIPEI))
                if r.case_id == cid and r.supplemented]


def _the_named_lead_sees_it_and_only_it(db, clock, cid, handle, lead_agency):
    new = OFFICERS[lead_agency]
    assert _marked(db, new, handle.id)
    assert supplement_seen.answer_for(db.connect(), handle).answer == ANSWER
    if lead_agency != "EDB":
        assert _marked_rows_of(db, EDB_OFFICER, cid) == []     # the old lead: nothing of it
        assert not _seen(db, EDB_OFFICER, handle, clock)        # nor clears it
    assert _marked_rows_of(db, KCG_SUPERVISOR, cid) == []
    for co in (EPB_OFFICER, POL_OFFICER, TRB_OFFICER):
        if co.agency != lead_agency:
            assert _marked_rows_of(db, co, cid) == []
    assert _seen(db, new, _row(db, handle.id), clock)
    assert not _marked(db, new, handle.id)
    assert supplement_seen.answer_for(db.connect(), _row(db, handle.id)).answer == ANSWER
    with db.connect() as conn:
        (req,) = conn.execute(select(supplement_request).where(
            supplement_request.c.case_id == cid)).all()
    assert req.on_lead_step and req.seen_by == new.username


@pytest.mark.parametrize("lead_agency", ["TRB", "PWB"])   # a co-handler; one new to the case
def test_answered_at_the_consolidation_then_coordination_names_another_lead(
        engine, db, clock, co_handled, lead_agency):
    cid = co_handled
    lead = _at_consolidation_asked(engine, db, clock, cid)
    _answer(engine, clock, cid)
    assert _marked(db, EDB_OFFICER, lead.id, "mine")   # EDB's officer has not opened it
    coordinate = _disagreement_referred(engine, db, cid, lead)
    handle = _coordinated(engine, db, clock, cid, coordinate, lead_agency)
    _the_named_lead_sees_it_and_only_it(db, clock, cid, handle, lead_agency)


@pytest.mark.parametrize("lead_agency", ["TRB", "PWB"])
def test_asked_at_the_consolidation_coordination_names_another_lead_then_answered(
        engine, db, clock, co_handled, lead_agency):
    cid = co_handled
    lead = _at_consolidation_asked(engine, db, clock, cid)
    coordinate = _disagreement_referred(engine, db, cid, lead)
    handle = _coordinated(engine, db, clock, cid, coordinate, lead_agency)
    assert not _marked(db, OFFICERS[lead_agency], handle.id)
    _answer(engine, clock, cid)
    _the_named_lead_sees_it_and_only_it(db, clock, cid, handle, lead_agency)


@pytest.mark.parametrize("answered_first", [True, False])
def test_coordination_naming_the_same_lead_again_leaves_the_mark_with_it(
        engine, db, clock, co_handled, answered_first):
    cid = co_handled
    lead = _at_consolidation_asked(engine, db, clock, cid)
    if answered_first:
        _answer(engine, clock, cid)
    coordinate = _disagreement_referred(engine, db, cid, lead)
    handle = _coordinated(engine, db, clock, cid, coordinate, "EDB")
    if not answered_first:
        _answer(engine, clock, cid)
    _the_named_lead_sees_it_and_only_it(db, clock, cid, handle, "EDB")
