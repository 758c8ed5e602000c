"""已補正 follows the work when a petition waiting for 補正 is transferred
(改分): the competent agency's handling step carries the mark and shows the
answer at its top, its officer opening it clears it; the agency that asked
no longer holds the step; a co-handling agency's step never carries it.
Real petition model (bpmn/petition.bpmn), injected clock, both orders:
transferred before the answer, and answered but not seen before the transfer."""
from datetime import datetime

import pytest
from sqlalchemy import insert, select

from engine.cases import queries, supplement_seen, supplements, transfer
from engine.cases.actors import Actor
from engine.data.schema import outbox, task
from engine.time.calendar import TAIPEI

from .test_supplements import OFFICER, SUPERVISOR, handle  # noqa: F401  (the fixture)

TRB_OFFICER = Actor("trb.officer", "TRB", frozenset({"officer"}))
EPB_OFFICER = Actor("epb.officer", "EPB", frozenset({"officer"}))
ANSWER = "坑洞位於中山路100號前，附照片"
REASON = "屬交通號誌，非屬本局權責"


def _open(db, cid, agency_code=None):
    with db.connect() as conn:
        q = select(task).where(task.c.case_id == cid, task.c.state == "ready")
        if agency_code:
            q = q.where(task.c.candidate_agency == agency_code)
        return conn.execute(q).all()


def _marked(db, actor, task_id, view="queue") -> bool:
    viewer = queries.Viewer(actor.username, actor.agency, actor.roles)
    with db.connect() as conn:
        rows = queries.inbox(conn, viewer, queries.InboxFilter(view=view), datetime.now(TAIPEI))
    return {r.id: r.supplemented for r in rows}[task_id]


def _seen(db, actor, row, clock) -> bool:
    with db.begin() as conn:
        return supplement_seen.mark_seen(conn, actor, row, clock.now())


def _co_handling_step(db, cid):
    """An open step of the case at EPB, co-handling it (not moved by the transfer)."""
    with db.begin() as conn:
        conn.execute(insert(task).values(
            id="epb-opinion", case_id=cid, process_key="petition", element_id="co_opinion_task",
            name="會辦意見 Co-handling opinion", candidate_agency="EPB", state="ready",
            created_at=datetime(2026, 3, 3, 9, 0, tzinfo=TAIPEI),
            due_at=datetime(2026, 3, 16, 17, 0, tzinfo=TAIPEI)))


def _transfer(engine, task_id, how):
    """The supervisor's 改分, or the officer's own form choosing 改分權責機關."""
    if how == "supervisor":
        transfer.transfer(engine, task_id, "TRB", REASON, SUPERVISOR)
    else:
        engine.complete(task_id, OFFICER, {"handling_action": "transfer",
                                           "competent_agency": "TRB", "transfer_reason": REASON})


def _ask(engine, clock, task_id):
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    engine.ask_supplement(task_id, OFFICER, "請補正坑洞的正確地址")
    clock.set(datetime(2026, 3, 5, 10, 0, tzinfo=TAIPEI))


@pytest.mark.parametrize("how", ["supervisor", "officer"])
def test_asked_then_transferred_then_answered_the_competent_agency_sees_it(
        engine, db, clock, handle, how):
    cid = _row(db, handle).case_id
    _co_handling_step(db, cid)
    _ask(engine, clock, handle)
    _transfer(engine, handle, how)
    (trb,) = _open(db, cid, "TRB")
    assert trb.element_id == "handle" and not _marked(db, TRB_OFFICER, trb.id)
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    _the_competent_agency_sees_it_and_only_it(db, clock, cid, trb)


def test_answered_then_transferred_before_anyone_saw_it(engine, db, clock, handle):
    cid = _row(db, handle).case_id
    _co_handling_step(db, cid)
    _ask(engine, clock, handle)
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    assert _marked(db, OFFICER, handle, "mine")    # PWB's officer has not opened it
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))
    _transfer(engine, handle, "supervisor")
    (trb,) = _open(db, cid, "TRB")
    assert not _open(db, cid, "PWB")
    _the_competent_agency_sees_it_and_only_it(db, clock, cid, trb)


def test_an_answer_seen_before_the_transfer_is_not_new_to_the_competent_agency(
        engine, db, clock, handle):
    cid = _row(db, handle).case_id
    _ask(engine, clock, handle)
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    assert _seen(db, OFFICER, _row(db, handle), clock)
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=TAIPEI))
    _transfer(engine, handle, "supervisor")
    (trb,) = _open(db, cid, "TRB")
    assert not _marked(db, TRB_OFFICER, trb.id)
    assert supplement_seen.answer_for(db.connect(), trb) is None   # not new: no top banner
    assert not _seen(db, TRB_OFFICER, trb, clock)


def _the_competent_agency_sees_it_and_only_it(db, clock, cid, trb):
    assert _marked(db, TRB_OFFICER, trb.id)
    assert not _marked(db, EPB_OFFICER, "epb-opinion")
    assert supplement_seen.answer_for(db.connect(), _row(db, "epb-opinion")) is None
    assert not _seen(db, EPB_OFFICER, _row(db, "epb-opinion"), clock)   # leaves it to TRB
    assert not _seen(db, OFFICER, trb, clock)                            # PWB: not its step
    assert supplement_seen.answer_for(db.connect(), trb).answer == ANSWER
    assert _seen(db, TRB_OFFICER, trb, clock)
    assert not _marked(db, TRB_OFFICER, trb.id)
    assert supplement_seen.answer_for(db.connect(), _row(db, trb.id)).answer == ANSWER  # still on top
    with db.connect() as conn:
        told = conn.execute(select(outbox.c.recipient).where(
            outbox.c.case_id == cid, outbox.c.kind == "supplement_answered")).scalar_one()
    assert told != "epb@city.example"


def _row(db, task_id):
    with db.connect() as conn:
        return conn.execute(select(task).where(task.c.id == task_id)).first()


@pytest.fixture
def co_handled(engine, db, clock, road_petition):
    """Beside the road petition (the models and the city deployed), a
    night-market petition: EPB, POL and TRB each give an opinion, EDB leads.
    Its case id."""
    from .conftest import CLERK, ROAD_DAMAGE
    cid = engine.start_case("petition", {"title": "夜市攤販占用道路"}, received_at=clock.now(),
                            petitioner_info={"name": "王小明", "email": "wang@example.org"})["id"]
    (register,) = _open(db, cid)
    engine.complete(register.id, Actor(CLERK.username, register.candidate_agency,
                                       frozenset({register.candidate_role})),
                    {**ROAD_DAMAGE, "category": "night_market", "district": "D-XINXING"})
    return cid


def _opinion(engine, db, cid, actor):
    (step,) = _open(db, cid, actor.agency)
    engine.complete(step.id, actor, {"co_opinion_text": "同意主辦機關處理", "co_agrees": True})


def test_a_co_handling_agencys_answer_stays_its_own_and_does_not_reach_the_lead(
        engine, db, clock, co_handled):
    """EPB asked on its opinion and finished it unseen: neither POL's opinion
    (the same step, another agency) nor the lead EDB's consolidation carries
    EPB's 已補正; the work did not move to them."""
    cid = co_handled
    (epb,) = _open(db, cid, "EPB")
    engine.claim(epb.id, EPB_OFFICER)
    clock.set(datetime(2026, 3, 3, 10, 0, tzinfo=TAIPEI))
    engine.ask_supplement(epb.id, EPB_OFFICER, "請提供攤位位置照片")
    engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    _opinion(engine, db, cid, EPB_OFFICER)
    pol_officer = Actor("pol.officer", "POL", frozenset({"officer"}))
    (pol,) = _open(db, cid, "POL")
    assert not _marked(db, pol_officer, pol.id)
    assert supplement_seen.answer_for(db.connect(), pol) is None
    _opinion(engine, db, cid, pol_officer)
    _opinion(engine, db, cid, TRB_OFFICER)
    (lead,) = _open(db, cid, "EDB")
    edb_officer = Actor("edb.officer", "EDB", frozenset({"officer"}))
    assert lead.element_id == "consolidate" and not _marked(db, edb_officer, lead.id)
    assert not _seen(db, edb_officer, lead, clock)
    assert supplement_seen.answer_for(db.connect(), lead) is None
