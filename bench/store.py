"""Loading and saving one case's SpiffWorkflow state (engine/cases/store.py).

Builds petition cases (bpmn/petition.bpmn, the shipped library deployed) up to
their 'handle' step, then times, per case and with the database warm:
  load        WorkflowStore.load of one case (its rows read and restored)
  load_many   WorkflowStore.load_many of all cases at once, divided per case
  save        WorkflowStore.save right after a load, nothing changed
  spiff       SpiffWorkflow's own deserialize_json of the same workflow (its
              whole JSON without the spec, which civicflow caches), for scale

usage: python bench/store.py [--cases 200] [--rounds 5] [--database-url URL] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds http.py: keep it off the path, or it shadows the standard library's http.
sys.path[0] = str(ROOT)

from engine.cases.actors import Actor  # noqa: E402
from engine.cases.runtime import Engine  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.data.schema import case, task  # noqa: E402
from engine.demo.reference import load_reference  # noqa: E402
from engine.time.clock import TAIPEI, FrozenClock  # noqa: E402

BPMN = ROOT / "bpmn"
REGISTER = dict(channel="web", subject="路面坑洞", content="中山路有坑洞", category="road_damage",
                district="D-NANZI", language="zh_TW", art173_ground="none")


def setup(url: str) -> Engine:
    migrate(url)
    db = make_engine(url)
    load_reference(db, with_demo_users=False)
    eng = Engine(db, FrozenClock(datetime(2026, 3, 2, 9, tzinfo=TAIPEI)))
    eng.deploy({p.name: p.read_bytes() for p in sorted(BPMN.iterdir())
                if p.suffix in (".bpmn", ".dmn")})
    return eng


def petition_at_handle(eng: Engine) -> int:
    cid = eng.start_case("petition", {"title": "路面坑洞"}, received_at=eng.clock.now(),
                         petitioner_info={"name": "王小明", "email": "wang@example.org"})["id"]
    with eng.db.connect() as conn:
        tid = conn.execute(select(task.c.id).where(task.c.case_id == cid,
                                                   task.c.state == "ready")).scalar_one()
    eng.complete(tid, Actor("doa.intake", "DOA", frozenset({"intake"})), REGISTER)
    return cid


def timed_each(fn, items) -> list[float]:
    out = []
    for item in items:
        t0 = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t0)
    return out


def measure(eng: Engine, ids: list[int], rounds: int) -> dict:
    store = eng.store
    with eng.db.connect() as conn:
        defn = eng.specs.get(conn, conn.execute(
            select(case.c.definition_id).where(case.c.id == ids[0])).scalar_one())
        specs = {cid: (defn.spec, defn.subprocess_specs) for cid in ids}
        loads, many, saves, spiff = [], [], [], []
        for _ in range(rounds):
            loads += timed_each(lambda c: store.load(conn, c, *specs[c]), ids)
            t0 = time.perf_counter()
            loaded = store.load_many(conn, specs)
            many.append((time.perf_counter() - t0) / len(ids))
            trans = conn.begin_nested() if conn.in_transaction() else conn.begin()
            saves += timed_each(lambda c: store.save(conn, c, *loaded[c], new=False), ids)
            trans.rollback()
            spiff += spiff_restore(store, [w for w, _ in loaded.values()][:50])
    return {"load_ms": _ms(loads), "load_many_ms": _ms(many), "save_unchanged_ms": _ms(saves),
            "spiff_deserialize_ms": _ms(spiff)}


def spiff_restore(store, workflows) -> list[float]:
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    ser = BpmnWorkflowSerializer(store.registry)
    out = []
    for wf in workflows:
        dct = ser.to_dict(wf)
        spec = wf.spec
        subs = wf.subprocess_specs
        body = json.dumps({k: v for k, v in dct.items() if k not in ("spec", "subprocess_specs")})
        t0 = time.perf_counter()
        d = json.loads(body)
        restore_without_spec(ser, d, spec, subs)
        out.append(time.perf_counter() - t0)
    return out


def restore_without_spec(ser, dct, spec, subs):
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from uuid import UUID
    wf = BpmnWorkflow(spec, subs, deserializing=True)
    conv = ser.registry
    wf.tasks = {UUID(k): conv.restore(v, workflow=wf) for k, v in dct["tasks"].items()}
    wf.task_tree = wf.tasks[UUID(dct["root"])]
    for sid, sdct in dct["subprocesses"].items():
        task = wf.tasks[UUID(sid)]
        wf.subprocesses[task.id] = conv.restore(sdct, task=task, top_workflow=wf)
    return wf


def _ms(samples) -> float:
    return statistics.median(samples) * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--database-url", help="a PostgreSQL database (migrated; cases are added)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        eng = setup(args.database_url or f"sqlite:///{tmp}/store.sqlite")
        ids = [petition_at_handle(eng) for _ in range(args.cases)]
        figures = measure(eng, ids, args.rounds)
        eng.db.dispose()
    for k, v in figures.items():
        print(f"{k:>22} {v:8.3f} ms median per case")
    if args.json:
        print(json.dumps({k: round(v, 3) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
