"""SQLite: a command computes on a read snapshot and writes under the lock what
it computed when its case did not move meanwhile, else runs again
(engine/data/db.py `optimistic`, `write_after_snapshot`; `Engine.execute`).

The forced conflict is SQLite's own (two connections: one reads, another
commits, the first writes); the race uses real processes, on both databases."""
import multiprocessing

import pytest
from sqlalchemy import event, func, select, update

from engine.cases.actors import SYSTEM, Actor
from engine.data import audit as audit_chain
from engine.data.errors import Conflict
from engine.data.schema import agency, audit, case
from engine.data.schema import task as task_table

CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
LIN = Actor("lin", "EPB", frozenset({"officer"}))


@pytest.fixture
def sqlite_only(db):
    if db.dialect.name != "sqlite":
        pytest.skip("PostgreSQL commands lock their case row; nothing is re-run")



def version(db, case_id):
    with db.connect() as conn:
        return conn.execute(select(case.c.version).where(case.c.id == case_id)).scalar_one()


def completions(db, task_id):
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(audit).where(
            audit.c.task_id == task_id, audit.c.action == "complete")).scalar()


def _meanwhile(engine, change):
    """engine.finish, with `change` committed by another connection between the
    command's reads and its first write, on the first call only."""
    real_finish, calls = engine.finish, []

    def finish(cmd, snapshot):
        calls.append((cmd.case_id, cmd.conn.deferred))
        if len(calls) == 1:
            change()
        real_finish(cmd, snapshot)
    engine.finish = finish
    return calls


@pytest.mark.usefixtures("sqlite_only")
def test_another_cases_commit_meanwhile_keeps_what_the_command_computed(engine, db, clock,
                                                                         model_files, handle_task):
    from engine.cases.runtime import Engine
    engine.deploy(model_files("casework.bpmn"))
    (case_a, task_a), (case_b, task_b) = handle_task(), handle_task()
    before = version(db, case_a), version(db, case_b)
    other = Engine(db, clock)
    seen = []
    event.listen(db, "before_cursor_execute",
                 lambda _c, _cur, stmt, *_a: stmt.startswith(("BEGIN", "ROLLBACK"))
                 and seen.append(stmt))
    calls = _meanwhile(engine, lambda: other.complete(task_b, LIN, {"reply_text": "other"}))
    engine.complete(task_a, LIN, {"reply_text": "by us"})

    # SQLite refused the stale snapshot's write; the case had not moved, so the
    # command wrote what it had computed under the lock, without running again.
    assert calls == [(case_a, True)]
    # ours, the other command's (optimistic too), ours again under the lock
    assert seen == ["BEGIN", "BEGIN", "ROLLBACK", "BEGIN IMMEDIATE"]
    assert (version(db, case_a), version(db, case_b)) == (before[0] + 1, before[1] + 1)
    assert (completions(db, task_a), completions(db, task_b)) == (1, 1)
    with db.connect() as conn:
        assert audit_chain.verify(conn).broken_at is None
    assert engine.cache.holds(case_a, before[0] + 1)


@pytest.mark.usefixtures("sqlite_only")
def test_a_command_whose_case_moved_meanwhile_runs_again(engine, db, clock, model_files, handle_task):
    from engine.cases.runtime import Engine
    engine.deploy(model_files("casework.bpmn"))
    case_id, task_id = handle_task()
    before = version(db, case_id)
    other = Engine(db, clock)
    calls = _meanwhile(engine, lambda: other.execute(
        case_id, SYSTEM, lambda cmd: cmd.record("note", text="meanwhile")))
    engine.complete(task_id, LIN, {"reply_text": "by us"})

    assert calls == [(case_id, True), (case_id, True)]   # refused once, run again
    assert version(db, case_id) == before + 2
    with db.connect() as conn:
        actions = conn.execute(select(audit.c.action).where(audit.c.case_id == case_id)
                               .order_by(audit.c.id)).scalars().all()
        assert audit_chain.verify(conn).broken_at is None
    assert actions[-2:] == ["note", "complete"] and completions(db, task_id) == 1
    assert engine.cache.holds(case_id, before + 2)


@pytest.mark.usefixtures("sqlite_only")
def test_a_task_claimed_meanwhile_is_seen_when_the_command_runs_again(engine, db, clock,
                                                                       model_files, handle_task):
    from engine.cases.runtime import Engine
    engine.deploy(model_files("casework.bpmn"))
    case_id, task_id = handle_task()
    before = version(db, case_id)
    chen = Actor("chen", "EPB", frozenset({"officer"}))
    calls = _meanwhile(engine, lambda: Engine(db, clock).claim(task_id, chen))
    with pytest.raises(Conflict):     # a claim does not move the case's version
        engine.complete(task_id, LIN, {"reply_text": "by us"})
    assert len(calls) == 1 and version(db, case_id) == before
    assert completions(db, task_id) == 0


@pytest.mark.usefixtures("sqlite_only")
def test_a_write_refused_in_the_middle_of_a_command_runs_it_again(engine, db, clock,
                                                                   model_files, handle_task):
    from engine.cases.runtime import Engine
    engine.deploy(model_files("casework.bpmn"))
    (case_a, _), (_, task_b) = handle_task(), handle_task()
    other, runs = Engine(db, clock), []

    def body(cmd):   # writes before the engine steps, as fire_timer does
        runs.append(1)
        if len(runs) == 1:
            other.complete(task_b, LIN, {"reply_text": "other"})
        cmd.conn.execute(update(agency).where(agency.c.code == "EPB").values(email="e@x"))
        cmd.record("note")
    engine.execute(case_a, SYSTEM, body)
    assert runs == [1, 1] and completions(db, task_b) == 1


@pytest.mark.usefixtures("sqlite_only")
def test_a_refusal_by_the_command_itself_is_not_run_again(engine, db, model_files, handle_task):
    engine.deploy(model_files("casework.bpmn"))
    case_id, task_id = handle_task()
    runs = []

    def body(cmd):
        runs.append(1)
        raise Conflict("the case changed since you opened it", case_id=case_id)
    with pytest.raises(Conflict):
        engine.execute(case_id, LIN, body)
    assert runs == [1]


def _race(url, task_ids, username, start, results):
    """One process completing `task_ids` as soon as `start` is set."""
    from engine.cases.runtime import Engine
    from engine.data import db as dbmod
    from engine.data.db import make_engine
    refused, real_wait = [], dbmod._wait_for_writer

    def counted(eng):
        refused.append(1)
        real_wait(eng)
    dbmod._wait_for_writer = counted
    engine, actor = Engine(make_engine(url)), Actor(username, "EPB", frozenset({"officer"}))
    start.wait(30)
    out = []
    for task_id in task_ids:
        try:
            engine.complete(task_id, actor, {"reply_text": f"by {username}"})
            out.append(("won", task_id))
        except Conflict:
            out.append(("conflict", task_id))
        except Exception as err:   # `database is locked` must never come out
            out.append((f"error {type(err).__name__}: {err}", task_id))
    results.put((username, out, len(refused)))


@pytest.mark.slow
def test_processes_racing_on_different_cases_and_on_the_same_tasks(engine, db, db_url,
                                                                   model_files, handle_task):
    engine.deploy(model_files("casework.bpmn"))
    pairs = [handle_task() for _ in range(24)]
    before = {c: version(db, c) for c, _ in pairs}
    own = {"lin": [t for _, t in pairs[0:8]], "chen": [t for _, t in pairs[8:16]]}
    shared = [t for _, t in pairs[16:]]
    # Fork: each child builds its own database engine and ends with os._exit.
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_race, args=(db_url, _interleave(own[name], shared), name,
                                             start, results)) for name in own]
    for p in procs:
        p.start()
    start.set()
    outs = [results.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    told = [(r, t) for _, out, _ in outs for r, t in out]
    assert not [r for r, _ in told if r not in ("won", "conflict")], told
    mine = {t for ts in own.values() for t in ts}
    assert {t for r, t in told if t in mine and r == "won"} == mine   # all different cases land
    for t in shared:    # exactly one completion of the same task wins
        assert sorted(r for r, x in told if x == t) == ["conflict", "won"], t
    for case_id, task_id in pairs:
        assert version(db, case_id) == before[case_id] + 1
        assert completions(db, task_id) == 1
    with db.connect() as conn:
        assert audit_chain.verify(conn).broken_at is None
    print("snapshot refusals re-run:", {name: n for name, _, n in outs})


def _interleave(a, b):
    out = []
    for i in range(max(len(a), len(b))):
        out += a[i:i + 1] + b[i:i + 1]
    return out


@pytest.mark.usefixtures("sqlite_only")
def test_a_command_prepares_its_rows_before_it_takes_the_write_lock(engine, db, model_files,
                                                                     handle_task, monkeypatch):
    """The workflow rows serialized, the new review task's row made, the case
    row's values computed: all before the first write, which takes SQLite's
    lock (other processes' commands wait for it); after it, statements only."""
    import engine.cases.runtime as runtime
    engine.deploy(model_files("casework.bpmn"))
    case_id, task_id = handle_task()
    seen, writes = [], []
    real_probe = runtime.write_after_snapshot

    def probe(conn, still):
        seen.append("probe")
        real_probe(conn, still)
    monkeypatch.setattr(runtime, "write_after_snapshot", probe)
    for name in ("prepare", "write"):
        real = getattr(engine.store, name)
        monkeypatch.setattr(engine.store, name,
                            lambda *a, _real=real, _name=name, **kw: seen.append(_name) or _real(*a, **kw))

    def count(_conn, _cursor, sql, *_):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(("probe" in seen, sql.split()[0:3]))
    event.listen(db, "before_cursor_execute", count)
    try:
        engine.complete(task_id, LIN, {"reply_text": "draft"})
    finally:
        event.remove(db, "before_cursor_execute", count)
    assert seen[:3] == ["prepare", "probe", "write"]
    assert writes and all(after for after, _ in writes), writes
    with db.connect() as conn:   # the review task its row made before the lock asked for
        assert conn.execute(select(func.count()).select_from(task_table).where(
            task_table.c.case_id == case_id, task_table.c.state == "ready")).scalar() == 1
