"""Cases driven through the engine with real BPMN and a frozen clock."""
from datetime import datetime

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.time.clock import TAIPEI
from engine.data.errors import Conflict, Forbidden, InvalidData, NotFound
from engine.data.schema import audit, case, task, timer

CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
OFFICER = Actor("lin", "EPB", frozenset({"officer"}))
OTHER = Actor("chen", "EPB", frozenset({"officer"}))
CHIEF = Actor("wang", "EPB", frozenset({"supervisor"}))
HEALTH = Actor("hsu", "HEALTH", frozenset({"officer"}))


@pytest.fixture
def deployed(engine, model_files):
    return engine.deploy(model_files("casework.bpmn"))


def open_tasks(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(task).where(task.c.case_id == case_id, task.c.state == "ready")
                            .order_by(task.c.created_at)).all()


def only_task(db, case_id):
    rows = open_tasks(db, case_id)
    assert len(rows) == 1, rows
    return rows[0]


def start(engine, **data):
    return engine.start_case("casework", {"title": "路燈不亮", "category": "streetlight", **data},
                             actor=CLERK, received_at=datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))


def register(engine, db, case_id, agency="EPB", days=6):
    row = only_task(db, case_id)
    engine.complete(row.id, CLERK, {"responsible_agency": agency, "deadline_days": days})
    return only_task(db, case_id)


def test_deploy_versions_and_identical_content_is_a_no_op(engine, model_files, deployed):
    assert [(d.key, d.version, d.created) for d in deployed] == [("casework", 1, True)]
    again = engine.deploy(model_files("casework.bpmn"))
    assert [(d.version, d.created) for d in again] == [(1, False)]
    changed = model_files("casework.bpmn")
    changed["casework.bpmn"] = changed["casework.bpmn"].replace(b'name="Handle"', b'name="Handle it"')
    assert engine.deploy(changed)[0].version == 2


def test_case_number_is_per_roc_year(engine, deployed):
    first, second = start(engine), start(engine)
    assert first["number"] == "115-000001"
    assert second["number"] == "115-000002"


def test_start_makes_the_first_task_for_intake(engine, db, deployed):
    ref = start(engine)
    row = only_task(db, ref["id"])
    assert (row.element_id, row.candidate_agency, row.candidate_role) == ("register", "DOA", "intake")


def test_complete_routes_to_the_agency_with_a_working_day_deadline(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"], days=6)
    assert (handle.element_id, handle.candidate_agency) == ("handle", "EPB")
    # Received Mon 2026-03-02: counting starts Tue 03-03, the 6th working day is Tue 03-10.
    assert handle.due_at.astimezone(TAIPEI).date().isoformat() == "2026-03-10"
    with db.connect() as conn:
        row = conn.execute(select(case).where(case.c.id == ref["id"])).one()
    assert row.due_at == handle.due_at and row.responsible_agency == "EPB"


def test_form_data_is_validated_against_the_model(engine, db, deployed):
    ref = start(engine)
    row = only_task(db, ref["id"])
    with pytest.raises(InvalidData) as err:
        engine.complete(row.id, CLERK, {"responsible_agency": "NOPE", "deadline_days": "x",
                                        "extra": 1})
    assert set(err.value.errors) == {"responsible_agency", "deadline_days", "extra"}
    with pytest.raises(InvalidData) as err:
        engine.complete(row.id, CLERK, {"responsible_agency": "EPB"})
    assert err.value.errors == {"deadline_days": "required"}
    assert only_task(db, ref["id"]).id == row.id  # nothing half-written


def test_other_agencies_cannot_work_on_the_task(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    with pytest.raises(Forbidden):
        engine.claim(handle.id, HEALTH)
    with pytest.raises(Forbidden):
        engine.complete(handle.id, HEALTH, {"reply_text": "x"})


def test_claim_unclaim_and_a_claimed_task_is_kept_from_others(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    engine.claim(handle.id, OFFICER)
    with pytest.raises(Conflict):
        engine.claim(handle.id, OTHER)
    with pytest.raises(Conflict):
        engine.complete(handle.id, OTHER, {"reply_text": "mine"})
    engine.unclaim(handle.id, OFFICER)
    engine.claim(handle.id, OTHER)
    assert only_task(db, ref["id"]).assignee == "chen"


def test_completing_twice_gives_a_conflict(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    engine.complete(handle.id, OFFICER, {"reply_text": "已修復"})
    with pytest.raises(Conflict):
        engine.complete(handle.id, OTHER, {"reply_text": "也修好了"})


def test_stale_expected_version_is_a_conflict(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    with pytest.raises(Conflict):
        engine.complete(handle.id, OFFICER, {"reply_text": "x"}, expected_version=1)


def test_rework_loop_then_close(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    engine.complete(handle.id, OFFICER, {"reply_text": "初稿"})
    for _ in range(3):
        review = only_task(db, ref["id"])
        engine.complete(review.id, CHIEF, {"approved": False})
    engine.complete(only_task(db, ref["id"]).id, CHIEF, {"approved": True})
    with db.connect() as conn:
        row = conn.execute(select(case).where(case.c.id == ref["id"])).one()
        actions = conn.execute(select(audit.c.action).where(audit.c.case_id == ref["id"])
                               .order_by(audit.c.id)).scalars().all()
    assert row.status == "completed" and row.closed_at is not None and row.due_at is None
    assert actions == ["start", "complete", "complete"] + ["complete"] * 4


def test_reminder_timer_is_indexed_and_fires_on_the_model_rule(engine, db, clock, deployed):
    ref = start(engine)
    register(engine, db, ref["id"], days=6)
    with db.connect() as conn:
        t = conn.execute(select(timer).where(timer.c.case_id == ref["id"])).one()
    # One working day before Tue 03-10: Mon 03-09 at 08:30 Taipei.
    assert t.due_at.astimezone(TAIPEI) == datetime(2026, 3, 9, 8, 30, tzinfo=TAIPEI)
    clock.set(datetime(2026, 3, 9, 8, 31, tzinfo=TAIPEI))
    assert engine.fire_timer(t.id) is True
    assert engine.fire_timer(t.id) is False  # never twice
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state).where(timer.c.id == t.id)).scalar() == "fired"
        from engine.data.schema import outbox
        notices = conn.execute(select(outbox.c.kind, outbox.c.recipient)).all()
    assert notices == [("reminder", "epb@city.example")]
    assert only_task(db, ref["id"]).element_id == "handle"  # non-interrupting


def test_completing_the_task_cancels_its_timer(engine, db, deployed):
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    engine.complete(handle.id, OFFICER, {"reply_text": "done"})
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state).where(timer.c.case_id == ref["id"])).scalar() \
            == "cancelled"


def test_running_case_keeps_its_version(engine, db, model_files, deployed):
    old = start(engine)
    changed = model_files("casework.bpmn")
    changed["casework.bpmn"] = changed["casework.bpmn"].replace(
        b'due="working_days(deadline_days)"', b'due="working_days(deadline_days + 4)"')
    engine.deploy(changed)
    new = start(engine)
    old_handle = register(engine, db, old["id"], days=6)
    new_handle = register(engine, db, new["id"], days=6)
    assert old_handle.due_at.astimezone(TAIPEI).date().isoformat() == "2026-03-10"
    assert new_handle.due_at.astimezone(TAIPEI).date().isoformat() == "2026-03-16"


def test_state_survives_a_fresh_engine(engine, db, clock, deployed):
    from engine.cases.runtime import Engine
    ref = start(engine)
    handle = register(engine, db, ref["id"])
    fresh = Engine(db, clock)  # nothing cached: loads from the database
    fresh.complete(handle.id, OFFICER, {"reply_text": "from another process"})
    assert only_task(db, ref["id"]).element_id == "review"


def test_unknown_ids_are_not_found(engine, deployed):
    with pytest.raises(NotFound):
        engine.complete("00000000-0000-0000-0000-000000000000", OFFICER, {})
    with pytest.raises(NotFound):
        engine.start_case("nope", {})


def test_bad_start_data_is_refused(engine, deployed):
    for data in ({"__class__": 1}, {"x": {"typename": "BpmnWorkflow"}}, {"bad key": 1}):
        with pytest.raises(InvalidData):
            engine.start_case("casework", data)


def test_a_long_case_reloaded_from_the_database_goes_on(engine, db, clock, deployed):
    """Finished loop iterations are not loaded again; the case must not notice."""
    from engine.cases.runtime import Engine
    ref = start(engine)
    engine.complete(register(engine, db, ref["id"]).id, OFFICER, {"reply_text": "draft"})
    for i in range(4):
        fresh = Engine(db, clock) if i % 2 else engine
        fresh.complete(only_task(db, ref["id"]).id, CHIEF, {"approved": False})
    Engine(db, clock).complete(only_task(db, ref["id"]).id, CHIEF, {"approved": False})
    Engine(db, clock).complete(only_task(db, ref["id"]).id, CHIEF, {"approved": True})
    with db.connect() as conn:
        assert conn.execute(select(case.c.status).where(case.c.id == ref["id"])).scalar() \
            == "completed"


def test_a_case_naming_an_earlier_case_is_linked_to_it(engine, db, deployed):
    from engine.data.schema import case_link
    first = start(engine)
    repeat = engine.start_case("casework", {"title": "again", "linked_case": first["number"],
                                            "link_kind": "repeat", "extended": True})
    with db.connect() as conn:
        links = conn.execute(select(case_link.c.case_id, case_link.c.other_case_id,
                                    case_link.c.kind)).all()
        extended = conn.execute(select(case.c.extended).where(case.c.id == repeat["id"])).scalar()
    assert links == [(repeat["id"], first["id"], "repeat")] and extended is True
