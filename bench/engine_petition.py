"""bench/engine.py's comparison on the shipped petition instead of the
three-task fixture: completing the officer's 'handle' step (the reply) of a
petition case loaded from the database, against plain SpiffWorkflow that loads
the whole workflow's JSON from one row, completes the same step and writes the
whole JSON back, both committed on SQLite. Both run the steps' scripts with
civicflow's script engine and model functions (the petition's scripts call
them), so what differs is the storage: civicflow's rows of what changed
against one document. CPU time, alternating blocks of each.

usage: python bench/engine_petition.py [N]      (completions of each, default 400)

Prints one line of JSON: plain_ms, civicflow_ms (medians of the blocks'
per-completion CPU), ratio, json_bytes (the plain document's size).
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from uuid import UUID

from by_path import load  # bench/ is on the path: this script's own folder
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)

bh = load("http.py")
from sqlalchemy import select, text  # noqa: E402
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer  # noqa: E402

from engine.cases.actors import Actor  # noqa: E402
from engine.cases.command import Command  # noqa: E402
from engine.cases.store import make_registry  # noqa: E402
from engine.data.schema import case, task  # noqa: E402
from engine.scheduling import collector  # noqa: E402

OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
BLOCKS = 10


class Plain:
    """Whole JSON in, whole JSON out, for the tasks' cases copied into one table."""

    def __init__(self, rt, task_ids):
        self.rt, self.ser, self.rows = rt, BpmnWorkflowSerializer(make_registry()), {}
        with rt.db.begin() as conn:
            conn.execute(text("CREATE TABLE baseline (id INTEGER PRIMARY KEY, body TEXT)"))
            for tid in task_ids:
                cid = conn.execute(select(task.c.case_id).where(task.c.id == tid)).scalar_one()
                row = conn.execute(select(case).where(case.c.id == cid)).one()
                defn = rt.specs.get(conn, row.definition_id)
                wf, _snap = rt.store.load(conn, cid, defn.spec, defn.subprocess_specs)
                self.body = self.ser.serialize_json(wf)
                conn.execute(text("INSERT INTO baseline VALUES (:i, :b)"), {"i": cid, "b": self.body})
                self.rows[tid] = row

    def complete(self, tid):
        row = self.rows[tid]
        with self.rt.db.begin() as conn:
            body = conn.execute(text("SELECT body FROM baseline WHERE id=:i"), {"i": row.id}).scalar()
            wf = self.ser.deserialize_json(body)
            wf.script_engine = self.rt.script_engine
            cmd = Command(self.rt, conn, row, self.rt.specs.get(conn, row.definition_id), OFFICER,
                          self.rt.clock.now())
            cmd.wf = wf
            step = wf.get_task_from_id(UUID(tid))
            with cmd.active():
                step.data.update(bh.REPLY)
                step.run()
                wf.do_engine_steps()
            conn.execute(text("UPDATE baseline SET body=:b WHERE id=:i"),
                         {"b": self.ser.serialize_json(wf), "i": row.id})


def main(n: int) -> dict:
    env = bh.setup(f"sqlite:///{scratch_dir('cf-engine-petition-')}/b.sqlite")
    rt = env["rt"]
    ids = bh.open_handle_tasks(rt, 2 * n)
    plain = Plain(rt, ids[:n])

    def ours(tid):
        rt.cache.clear()   # loaded, as a case another worker changed last
        rt.complete(tid, OFFICER, bh.REPLY)
    collector.settle()
    per_block = {"plain": [], "civicflow": []}
    for b in range(BLOCKS):
        for name, fn, pool in (("plain", plain.complete, ids[:n]), ("civicflow", ours, ids[n:])):
            chunk = pool[b * n // BLOCKS:(b + 1) * n // BLOCKS]
            t0 = time.process_time()
            for tid in chunk:
                fn(tid)
            per_block[name].append((time.process_time() - t0) / len(chunk) * 1000)
    plain_ms, ours_ms = (statistics.median(per_block[k]) for k in ("plain", "civicflow"))
    return {"plain_ms": round(plain_ms, 3), "civicflow_ms": round(ours_ms, 3),
            "ratio": round(ours_ms / plain_ms, 3), "json_bytes": len(plain.body)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)))
