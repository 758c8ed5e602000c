"""A deployed script that runs too long or builds too much is stopped within
its budget through the real Engine: the command is refused naming the
element, nothing is written, and another officer's command on another case
completes meanwhile (issue 14, model code in live cases)."""
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.cases.actors import Actor
from engine.data.errors import ModelCodeStopped
from engine.data.schema import audit, case, case_wf_task, task

CLERK = Actor("clerk", "DOA", frozenset({"intake"}))

# The script: 12 lines of sorting a million numbers by their text.
SORTED_LOOP = "x = list(range(10**6))\n" + "y = sorted(x, key=str)\n" * 12
# Few steps, each a long C comparison: each is charged the items it walks.
COMPARE_LOOP = "a = [[0] * 1000] * 450\nb = [[0] * 1000] * 450\nwhile a == b:\n    pass"
# One comparison walking 10**10 items: refused before it starts.
COMPARE_HUGE = "a = [[0] * 100000] * 100000\nb = [[0] * 100000] * 100000\nc = a == b"
MEMORY = "y = str([list(range(10**6))] * 40)"
MEMORY_CAP = "y = [list(range(10**6)) for i in range(40)]"

# One script task after a user task; {key}, {name}, {step}, {script} filled in.
MODEL = (Path(__file__).resolve().parents[1] / "fixtures" / "models"
         / "script_budget.bpmn.txt").read_text()


def deploy(engine, key, script):
    engine.deploy({f"{key}.bpmn": MODEL.format(key=key, name="Budget", step="Crunch the numbers", script=script).encode()})


def start(engine, db, key):
    ref = engine.start_case(key, {"title": "t"}, actor=CLERK)
    with db.connect() as conn:
        return ref["id"], conn.execute(select(task.c.id).where(
            task.c.case_id == ref["id"], task.c.state == "ready")).scalar_one()


def state_of(db, case_id):
    with db.connect() as conn:
        return (conn.execute(select(case.c.version, case.c.status).where(case.c.id == case_id)).one(),
                conn.execute(select(func.count()).select_from(audit)
                             .where(audit.c.case_id == case_id)).scalar(),
                conn.execute(select(func.count()).select_from(case_wf_task)
                             .where(case_wf_task.c.case_id == case_id)).scalar(),
                conn.execute(select(task.c.id, task.c.state).where(task.c.case_id == case_id)).all())


def other_officer_meanwhile(engine, db):
    """Start another case's command in a thread while the script runs."""
    deploy(engine, "harmless", "y = 1")
    _, task_id = start(engine, db, "harmless")
    result = {}

    def run():
        time.sleep(0.3)  # the script's command holds the write lock by now
        began = time.monotonic()
        engine.complete(task_id, CLERK, {})
        result["seconds"] = time.monotonic() - began
    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.parametrize("key, script, kinds", [
    ("sorted_loop", SORTED_LOOP, {"time", "steps", "memory"}),
    ("compare_loop", COMPARE_LOOP, {"steps", "time"}),
    ("compare_huge", COMPARE_HUGE, {"size"}),
    ("string_bomb", MEMORY, {"size"}),
    ("memory_cap", MEMORY_CAP, {"memory"}),
], ids=["sorted_loop", "compare_loop", "compare_huge", "string_bomb", "memory_cap"])
def test_overrunning_script_is_refused_and_the_case_is_unchanged(engine, db, key, script, kinds):
    deploy(engine, key, script)
    case_id, task_id = start(engine, db, key)
    before = state_of(db, case_id)
    thread, other = other_officer_meanwhile(engine, db)
    began = time.monotonic()
    with pytest.raises(ModelCodeStopped) as refused:
        engine.complete(task_id, CLERK, {})
    took = time.monotonic() - began
    thread.join(10)
    assert took < 3, took
    assert refused.value.element == "crunch" and "Crunch the numbers" in refused.value.message
    assert refused.value.detail["code"] == "model_code_stopped" and refused.value.kind in kinds
    assert state_of(db, case_id) == before
    assert other["seconds"] < 3  # the other officer's comment did not wait past the budget


def test_the_case_can_be_tried_again_and_is_refused_the_same_way(engine, db):
    deploy(engine, "bomb", MEMORY)
    case_id, task_id = start(engine, db, "bomb")
    for _ in range(2):
        with pytest.raises(ModelCodeStopped):
            engine.complete(task_id, CLERK, {})
    assert state_of(db, case_id)[0].version == 1


def test_deploy_refuses_a_script_that_can_never_end(engine):
    from engine.data.errors import ModelRefused
    with pytest.raises(ModelRefused) as refused:
        deploy(engine, "endless", "while True:\n    y = 1")
    assert any("crunch" in str(p) and "never ends" in str(p) for p in refused.value.problems)
