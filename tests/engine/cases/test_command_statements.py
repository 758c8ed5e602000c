"""What a command sends (engine/cases/runtime.py finish, index.py): statements
whose effect would be nothing are left out, and what is left out is still
right: the timer rows, the audit chain read by the case UPDATE on SQLite."""
import pytest
from sqlalchemy import event, func, select

from engine.cases.actors import Actor
from engine.data import audit as audit_chain
from engine.data.schema import audit, task, timer

LIN = Actor("lin", "EPB", frozenset({"officer"}))
WANG = Actor("wang", "EPB", frozenset({"supervisor"}))


@pytest.fixture
def statements(db):
    sent = []

    def record(_conn, _cursor, statement, _params, _context, _many):
        sent.append(" ".join(statement.split()).upper())
    event.listen(db, "before_cursor_execute", record)
    yield sent
    event.remove(db, "before_cursor_execute", record)


def ready_task(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(task.c.id).where(
            task.c.case_id == case_id, task.c.state == "ready")).scalar_one()


def timer_states(db, case_id):
    with db.connect() as conn:
        return sorted(conn.execute(select(timer.c.state).where(timer.c.case_id == case_id)).scalars())


def test_a_timer_leaving_its_wait_is_indexed_and_a_loop_round_reads_no_timer(
        engine, db, model_files, handle_task, statements):
    engine.deploy(model_files("casework.bpmn"))
    case_id, handle = handle_task()
    assert timer_states(db, case_id) == ["pending"]      # the reminder on 'handle'
    engine.complete(handle, LIN, {"reply_text": "draft"})
    assert timer_states(db, case_id) == ["cancelled"]    # it left its wait with its task
    review = ready_task(db, case_id)
    statements.clear()
    engine.complete(review, WANG, {"approved": False})   # a new review round: no timer moves
    assert not [s for s in statements if " TIMER" in s]
    assert timer_states(db, case_id) == ["cancelled"]
    assert ready_task(db, case_id) != review


def test_the_audit_chain_holds_when_engines_take_turns(engine, db, clock, model_files,
                                                        handle_task):
    """Two engines (as two processes: their own caches and connections) write
    audit rows in turn; each command's first row links to the other's last."""
    from engine.cases.runtime import Engine
    engine.deploy(model_files("casework.bpmn"))
    other = Engine(db, clock)
    cases = [handle_task() for _ in range(3)]
    for i, (_case_id, handle) in enumerate(cases):
        (engine if i % 2 else other).claim(handle, LIN)
        (other if i % 2 else engine).complete(handle, LIN, {"reply_text": f"r{i}"})
    for i, (case_id, _handle) in enumerate(cases):
        (engine if i % 2 else other).complete(ready_task(db, case_id), WANG, {"approved": True})
    with db.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(audit)).scalar()
        verdict = audit_chain.verify(conn)
    assert verdict.broken_at is None
    assert verdict.checked + verdict.unchained == rows


def test_the_chain_head_is_read_under_the_lock(engine, db, model_files, handle_task, statements):
    """SQLite: the case UPDATE returns the head (it holds the write lock);
    PostgreSQL: the case UPDATE takes the advisory lock (no statement of its
    own), and the head is read after it."""
    engine.deploy(model_files("casework.bpmn"))
    _case_id, handle = handle_task()
    statements.clear()
    engine.complete(handle, LIN, {"reply_text": "draft"})
    head_reads = [s for s in statements if s.startswith("SELECT AUDIT.CHAIN")]
    if db.dialect.name == "sqlite":
        assert head_reads == []
        assert any(s.startswith('UPDATE "CASE"') and "AUDIT.CHAIN" in s for s in statements)
    else:
        locks = [i for i, s in enumerate(statements) if "PG_ADVISORY_XACT_LOCK" in s]
        assert len(locks) == 1 and statements[locks[0]].startswith('UPDATE "CASE"')
        assert locks[0] < statements.index(head_reads[0])


def test_a_case_loaded_afresh_reads_its_open_tasks_and_waits_with_its_rows(
        engine, db, model_files, handle_task, statements):
    """The load's one statement carries the index rows a command starts from:
    a case another process last changed costs no read of the task index or
    the message waits of its own, and the index stays right."""
    engine.deploy(model_files("casework.bpmn"))
    case_id, handle = handle_task()
    engine.cache.clear()   # as if another process had run the last command
    statements.clear()
    engine.complete(handle, LIN, {"reply_text": "draft"})
    reads = [s for s in statements if s.startswith("SELECT")]
    assert not [s for s in reads if s.startswith(("SELECT TASK.ID FROM TASK", "SELECT MESSAGE_WAIT"))]
    assert sum("UNION ALL" in s and "MESSAGE_WAIT" in s for s in reads) == 1
    review = ready_task(db, case_id)
    with db.connect() as conn:
        states = dict(conn.execute(select(task.c.id, task.c.state).where(task.c.case_id == case_id)).all())
    assert states[handle] == "completed"
    assert [tid for tid, state in states.items() if state == "ready"] == [review]
