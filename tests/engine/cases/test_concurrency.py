"""Two real processes racing on the same tasks, and a process killed mid-command."""
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.cases.actors import Actor
from engine.data.schema import audit, case, case_wf_task, task

WORKER = Path(__file__).with_name("concurrency_worker.py")
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
ROOT = Path(__file__).resolve().parents[3]



def spawn(*args):
    return subprocess.Popen([sys.executable, str(WORKER), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_processes_completing_the_same_tasks_one_wins_each(engine, db, db_url,
                                                                model_files, tmp_path, handle_task):
    engine.deploy(model_files("casework.bpmn"))
    pairs = [handle_task() for _ in range(15)]
    ids = ",".join(t for _, t in pairs)
    go = tmp_path / "go"
    procs = [spawn("race", db_url, ids, name, str(go)) for name in ("lin", "chen")]
    go.write_text("go")
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out.split("\n"))
    for case_id, task_id in pairs:
        wins = [o for out in outs for o in out if o == f"won {task_id}"]
        conflicts = [o for out in outs for o in out if o == f"conflict {task_id}"]
        assert (len(wins), len(conflicts)) == (1, 1), (task_id, wins, conflicts)
        with db.connect() as conn:
            completes = conn.execute(select(func.count()).select_from(audit).where(
                audit.c.task_id == task_id, audit.c.action == "complete")).scalar()
            state = conn.execute(select(task.c.state).where(task.c.id == task_id)).scalar()
        assert (completes, state) == (1, "completed")


def test_a_process_killed_mid_command_leaves_the_old_state(engine, db, db_url, model_files,
                                                           clock, handle_task):
    from engine.cases.runtime import Engine
    engine.deploy(model_files("casework.bpmn"))
    case_id, task_id = handle_task()
    with db.connect() as conn:
        before = (conn.execute(select(case.c.version).where(case.c.id == case_id)).scalar(),
                  conn.execute(select(func.count()).select_from(case_wf_task)
                               .where(case_wf_task.c.case_id == case_id)).scalar())
    proc = spawn("crash", db_url, task_id, "lin")
    proc.communicate(timeout=120)
    assert proc.returncode == -9
    with db.connect() as conn:
        after = (conn.execute(select(case.c.version).where(case.c.id == case_id)).scalar(),
                 conn.execute(select(func.count()).select_from(case_wf_task)
                              .where(case_wf_task.c.case_id == case_id)).scalar())
        state = conn.execute(select(task.c.state).where(task.c.id == task_id)).scalar()
    assert after == before and state == "ready"
    # ... and the case goes on from the old state in a fresh process.
    Engine(db, clock).complete(task_id, Actor("lin", "EPB", frozenset({"officer"})),
                               {"reply_text": "again"})
    with db.connect() as conn:
        assert conn.execute(select(task.c.state).where(task.c.id == task_id)).scalar() \
            == "completed"
