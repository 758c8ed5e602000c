"""Bulk actions: each item is its own command (transaction, audit row,
conflict check); a conflict midway leaves the others done."""
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from engine.cases import bulk
from engine.cases.actors import Actor
from engine.data.errors import Forbidden, InvalidData
from engine.data.schema import app_user, audit, case, outbox, task, timer

ROOT = Path(__file__).resolve().parents[3]
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
LIN = Actor("lin", "EPB", frozenset({"officer"}))
CHIEF = Actor("wang", "EPB", frozenset({"supervisor"}))
ADMIN = Actor("root", "DOA", frozenset({"admin"}))
REGISTRATION = {"channel": "letter", "subject": "夜間噪音", "content": "工地夜間施工",
                "category": "noise", "district": "D-GUSHAN", "language": "zh_TW",
                "confidential": False, "art173_ground": "none"}


@pytest.fixture
def petitions(engine, db):
    engine.deploy({n: (ROOT / "bpmn" / n).read_bytes()
                   for n in ("petition.bpmn", "petition_routing.dmn")})
    with db.begin() as conn:
        conn.execute(insert(app_user), [
            dict(username=u, password_hash="x", agency_code=a, roles=r,
                 created_at=datetime.now(UTC), display_name=n)
            for u, a, r, n in (("lin", "EPB", "officer", "林小姐"), ("chen", "EPB", "officer", "陳先生"),
                               ("wang", "EPB", "supervisor", "王課長"), ("hsu", "HEALTH", "officer", "許醫師"),
                               ("gone", "EPB", "officer", "離職者"))])
        conn.execute(app_user.update().where(app_user.c.username == "gone").values(active=False))


def handle_task(engine, db, email="ming@example.tw"):
    """A noise petition registered and now at EPB's `handle`, claimed by lin."""
    started = engine.start_case("petition", REGISTRATION, actor=CLERK,
                                petitioner_info={"name": "王小明", "email": email})
    reg = ready(db, started["id"])
    engine.claim(reg.id, CLERK)
    engine.complete(reg.id, CLERK, REGISTRATION)
    handle = ready(db, started["id"])
    assert handle.element_id == "handle" and handle.candidate_agency == "EPB"
    engine.claim(handle.id, LIN)
    return ready(db, started["id"])


def ready(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(task).where(task.c.case_id == case_id, task.c.state == "ready")
                            .order_by(task.c.created_at)).first()


def audits(db, action):
    with db.connect() as conn:
        return conn.execute(select(audit).where(audit.c.action == action)).all()


def test_reassign_each_item_alone_and_a_conflict_midway_keeps_the_others(engine, db, petitions):
    tasks = [handle_task(engine, db) for _ in range(3)]
    # Meanwhile lin finished the middle one.
    engine.complete(tasks[1].id, LIN, {"handling_action": "reply", "reply_text": "已處理",
                                       "legal_basis": "噪音管制法"})
    seen = [bulk.Item(t.id, expected="lin") for t in tasks]
    progress = []
    results = bulk.run(engine, bulk.Action("reassign", officer="chen"), seen, CHIEF,
                       progress=lambda done, total, r: progress.append((done, total, r.status)))
    assert [r.status for r in results] == ["ok", "conflict", "ok"]
    assert results[1].code == "handled_by_other"
    assert results[1].params["by"] == "lin" and results[1].params["state"] == "completed"
    assert results[1].params["at"]
    assert results[0].number and results[0].task
    assert progress == [(1, 3, "ok"), (2, 3, "conflict"), (3, 3, "ok")]
    with db.connect() as conn:
        held = dict(conn.execute(select(task.c.id, task.c.assignee).where(
            task.c.id.in_([tasks[0].id, tasks[2].id]))).all())
    assert set(held.values()) == {"chen"}
    rows = audits(db, "reassign")
    assert sorted(r.task_id for r in rows) == sorted([tasks[0].id, tasks[2].id])
    assert all(r.actor == "wang" for r in rows)


def test_a_task_taken_by_someone_else_meanwhile_is_not_overwritten(engine, db, petitions):
    t = handle_task(engine, db)
    results = bulk.run(engine, bulk.Action("return"), [bulk.Item(t.id, expected="chen")], CHIEF)
    assert results[0].status == "conflict"
    assert results[0].params["assignee"] == "lin"
    assert ready(db, t.case_id).assignee == "lin"


def test_return_to_queue_and_refusals_per_item(engine, db, petitions):
    t = handle_task(engine, db)
    results = bulk.run(engine, bulk.Action("return"),
                       [bulk.Item(t.id, "lin"), bulk.Item("no-such-task")], CHIEF)
    assert [(r.status, r.code) for r in results] == [("ok", None), ("refused", "not_found")]
    assert ready(db, t.case_id).assignee is None
    # A supervisor of another agency is refused per item; an officer cannot run it at all.
    other = Actor("boss", "HEALTH", frozenset({"supervisor"}))
    assert bulk.run(engine, bulk.Action("return"), [bulk.Item(t.id)], other)[0].code == "not_supervisor"
    with pytest.raises(Forbidden):
        bulk.run(engine, bulk.Action("return"), [bulk.Item(t.id)], LIN)


def test_reassign_only_to_an_officer_who_can_work_on_the_task(engine, db, petitions):
    t = handle_task(engine, db)
    results = bulk.run(engine, bulk.Action("reassign", officer="hsu"), [bulk.Item(t.id)], CHIEF)
    assert (results[0].status, results[0].code) == ("refused", "officer_cannot_work")
    with pytest.raises(InvalidData) as err:
        bulk.run(engine, bulk.Action("reassign", officer="gone"), [bulk.Item(t.id)], CHIEF)
    assert err.value.errors["officer"].code == "unknown_officer"


def test_arguments_are_checked_before_any_item(engine, db, petitions):
    t = handle_task(engine, db)
    with pytest.raises(InvalidData) as err:
        bulk.run(engine, bulk.Action("transfer", agency="HEALTH", reason="  "), [bulk.Item(t.id)], CHIEF)
    assert err.value.errors["reason"].code == "required"
    with pytest.raises(InvalidData) as err:
        bulk.run(engine, bulk.Action("transfer", agency="NOPE", reason="x"), [], CHIEF)
    assert set(err.value.errors) == {"agency", "ids"}
    assert ready(db, t.case_id).assignee == "lin"


def test_transfer_goes_through_the_model_and_tells_the_petitioner(engine, db, petitions):
    tasks = [handle_task(engine, db) for _ in range(2)]
    results = bulk.run(engine, bulk.Action("transfer", agency="HEALTH", reason="屬衛生局權責"),
                       [bulk.Item(t.id, "lin") for t in tasks], CHIEF)
    assert [r.status for r in results] == ["ok", "ok"]
    for t in tasks:
        moved = ready(db, t.case_id)
        assert (moved.element_id, moved.candidate_agency, moved.assignee) == ("handle", "HEALTH", None)
        with db.connect() as conn:
            assert conn.execute(select(case.c.responsible_agency).where(
                case.c.id == t.case_id)).scalar() == "HEALTH"
    assert len(audits(db, "transfer")) == 2
    with db.connect() as conn:
        notices = conn.execute(select(outbox.c.kind, outbox.c.body).where(outbox.c.kind == "transfer")).all()
    assert len(notices) == 2 and "屬衛生局權責" in notices[0].body


def test_admin_cancels_cases_and_the_petitioner_is_told(engine, db, clock, petitions):
    tasks = [handle_task(engine, db) for _ in range(2)]
    ids = [tasks[0].case_id, tasks[1].case_id]
    with pytest.raises(Forbidden):
        bulk.run(engine, bulk.Action("cancel", reason="測試案件"), [bulk.Item(i) for i in ids], CHIEF)
    first = bulk.run(engine, bulk.Action("cancel", reason="測試案件"), [bulk.Item(ids[0])], ADMIN)
    results = bulk.run(engine, bulk.Action("cancel", reason="測試案件"), [bulk.Item(i) for i in ids], ADMIN)
    assert first[0].status == "ok"
    assert [r.status for r in results] == ["conflict", "ok"]
    assert results[0].params["by"] == "root" and results[0].params["state"] == "cancelled"
    with db.connect() as conn:
        statuses = conn.execute(select(case.c.status).where(case.c.id.in_(ids))).scalars().all()
        open_left = conn.execute(select(task.c.id).where(task.c.case_id.in_(ids),
                                                         task.c.state == "ready")).all()
        mails = conn.execute(select(outbox.c.subject).where(outbox.c.kind == "cancellation")).all()
        timers_left = conn.execute(select(timer.c.id).where(
            timer.c.case_id.in_(ids), timer.c.state.in_(("pending", "claimed")))).all()
    assert statuses == ["cancelled", "cancelled"] and open_left == [] and timers_left == []
    assert len(mails) == 2 and "註銷" in mails[0].subject
    assert len(audits(db, "cancel")) == 2
