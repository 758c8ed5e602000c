"""Messages between cases and from outside, correlated by case number."""
import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.errors import Conflict, InvalidData
from engine.data.schema import case, message_wait, task

CPO = Actor("kao", "CPO", frozenset({"officer"}))


@pytest.fixture
def waiting(engine, model_files):
    engine.deploy(model_files("messaging.bpmn"))
    return engine.start_case("awaiting_reply", {"title": "旅遊糾紛"})


def tasks_of(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(task.c.element_id, task.c.candidate_agency).where(
            task.c.case_id == case_id, task.c.state == "ready")).all()


def test_a_waiting_case_is_indexed(db, waiting):
    with db.connect() as conn:
        rows = conn.execute(select(message_wait.c.message).where(
            message_wait.c.case_id == waiting["id"])).scalars().all()
    assert rows == ["business_reply"]
    assert tasks_of(db, waiting["id"]) == []


def test_a_message_from_another_case_reaches_the_correlated_case(engine, db, waiting):
    other = engine.start_case("awaiting_reply", {"title": "機票退費"})
    sender = engine.start_case("business_portal", {"answer": "退款", "target_case": waiting["number"]})
    assert tasks_of(db, waiting["id"]) == [("review_reply", "CPO")]
    assert tasks_of(db, other["id"]) == []  # not correlated: untouched
    with db.connect() as conn:
        status = conn.execute(select(case.c.status).where(case.c.id == sender["id"])).scalar()
        left = conn.execute(select(message_wait.c.case_id)).scalars().all()
    assert status == "completed" and left == [other["id"]]
    engine.complete(tasks_of_id(db, waiting["id"]), CPO, {})


def tasks_of_id(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.state == "ready")).scalar_one()


def test_a_message_from_outside_targets_one_case(engine, db, waiting):
    with pytest.raises(InvalidData):  # the correlation property is missing
        engine.send_message(waiting["id"], "business_reply", {"answer": "同意退款"})
    reply = {"answer": "同意退款", "target_case": waiting["number"]}
    engine.send_message(waiting["id"], "business_reply", reply)
    assert tasks_of(db, waiting["id"]) == [("review_reply", "CPO")]
    with pytest.raises(Conflict):
        engine.send_message(waiting["id"], "business_reply", reply)
