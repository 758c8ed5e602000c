"""Loading and saving one case's SpiffWorkflow state (engine/cases/store.py).

Petition cases (bpmn/petition.bpmn, the shipped library deployed) are taken
to their 'handle' step; then, per case, medians of:
  load              WorkflowStore.load (its rows read and restored)
  load_many         WorkflowStore.load_many of all cases at once, per case
  save_unchanged    WorkflowStore.save right after a load, nothing changed
  complete_cached   Engine.complete of 'handle' (a reply), workflow cached
  complete_loaded   the same with the workflow loaded from the database
  spiff_restore     SpiffWorkflow's own restore of the same workflow from its
                    whole JSON (spec excluded: civicflow caches specs), for scale

--against OLD/engine/cases/store.py measures that older WorkflowStore in the
same process, interleaved case by case with the current one (same database,
same moment), so a noisy machine slows both alike.

usage: python bench/store.py [--cases 100] [--rounds 3] [--against FILE]
                             [--database-url URL] [--json]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from uuid import UUID

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds http.py: keep it off the path, or it shadows the standard library's http.
sys.path[0] = str(ROOT)

from engine.cases.actors import Actor  # noqa: E402
from engine.cases.runtime import Engine  # noqa: E402
from engine.cases.store import WorkflowStore  # noqa: E402
from engine.data.db import make_engine, migrate  # noqa: E402
from engine.data.schema import case, task  # noqa: E402
from engine.demo.reference import load_reference  # noqa: E402
from engine.time.clock import TAIPEI, FrozenClock  # noqa: E402

BPMN = ROOT / "bpmn"
REGISTER = {"channel": "web", "subject": "路面坑洞", "content": "中山路有坑洞",
            "category": "road_damage", "district": "D-NANZI", "language": "zh_TW",
            "art173_ground": "none"}
REPLY = {"handling_action": "reply", "reply_text": "已派員修補。", "legal_basis": "市區道路條例第9條"}


def setup(url: str) -> Engine:
    migrate(url)
    db = make_engine(url)
    load_reference(db, with_demo_users=False)
    eng = Engine(db, FrozenClock(datetime(2026, 3, 2, 9, tzinfo=TAIPEI)))
    eng.deploy({p.name: p.read_bytes() for p in sorted(BPMN.iterdir())
                if p.suffix in (".bpmn", ".dmn")})
    return eng


def ready_task(eng: Engine, case_id: int):
    with eng.db.connect() as conn:
        return conn.execute(select(task.c.id, task.c.candidate_agency).where(
            task.c.case_id == case_id, task.c.state == "ready")).one()


def petition_at_handle(eng: Engine) -> int:
    cid = eng.start_case("petition", {"title": "路面坑洞"}, received_at=eng.clock.now(),
                         petitioner_info={"name": "王小明", "email": "wang@example.org"})["id"]
    eng.complete(ready_task(eng, cid).id, Actor("doa.intake", "DOA", frozenset({"intake"})),
                 REGISTER)
    return cid


def complete_handle(eng: Engine, case_id: int, cold: bool) -> float:
    row = ready_task(eng, case_id)
    if cold:
        eng.cache.clear()
    t0 = time.perf_counter()
    eng.complete(row.id, Actor("officer", row.candidate_agency, frozenset({"officer"})), REPLY)
    return time.perf_counter() - t0


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def read_figures(eng, stores: dict, ids: list[int], rounds: int) -> dict:
    out = {(name, k): [] for name in stores for k in ("load", "load_many", "save_unchanged")}
    with eng.db.connect() as conn:
        defn = eng.specs.get(conn, conn.execute(
            select(case.c.definition_id).where(case.c.id == ids[0])).scalar_one())
        specs = {cid: (defn.spec, defn.subprocess_specs) for cid in ids}
        for _ in range(rounds):
            for cid in ids:
                for name, st in stores.items():
                    out[name, "load"].append(timed(lambda: st.load(conn, cid, *specs[cid])))
            for _ in range(5):   # a whole batch's objects: the cyclic collector's moment varies
                for name, st in stores.items():
                    out[name, "load_many"].append(timed(lambda: st.load_many(conn, specs)) / len(ids))
            for cid in ids:
                for name, st in stores.items():
                    out[name, "save_unchanged"].append(save_unchanged(conn, st, cid, specs[cid]))
    return out


def save_unchanged(conn, st, cid, spec_pair) -> float:
    wf, snap = st.load(conn, cid, *spec_pair)
    trans = conn.begin_nested()
    took = timed(lambda: st.save(conn, cid, wf, snap, new=False))
    trans.rollback()
    return took


def complete_figures(eng, stores: dict, n: int) -> dict:
    out = {}
    for cold in (False, True):
        label = "complete_loaded" if cold else "complete_cached"
        cases = {}
        for name, st in stores.items():
            use(eng, st)
            cases[name] = [petition_at_handle(eng) for _ in range(n)]
        for i in range(n):
            for name, st in stores.items():
                use(eng, st)
                out.setdefault((name, label), []).append(
                    complete_handle(eng, cases[name][i], cold))
    use(eng, stores["now"])
    return out


def spiff_restore(st, eng, ids: list[int]) -> list[float]:
    """SpiffWorkflow's BpmnWorkflowSerializer on the same workflows' whole JSON."""
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    ser = BpmnWorkflowSerializer(st.registry)
    out = []
    with eng.db.connect() as conn:
        defn = eng.specs.get(conn, conn.execute(
            select(case.c.definition_id).where(case.c.id == ids[0])).scalar_one())
        for cid in ids:
            wf, _ = st.load(conn, cid, defn.spec, defn.subprocess_specs)
            dct = ser.to_dict(wf)
            body = json.dumps({k: v for k, v in dct.items() if "spec" not in k})
            out.append(timed(lambda: whole_restore(ser, json.loads(body), wf)))
    return out


def whole_restore(ser, dct, like):
    from SpiffWorkflow.bpmn import BpmnWorkflow
    wf = BpmnWorkflow(like.spec, like.subprocess_specs, deserializing=True)
    reg = ser.registry
    wf.tasks = {UUID(k): reg.restore(v, workflow=wf) for k, v in dct["tasks"].items()}
    wf.task_tree = wf.tasks[UUID(dct["root"])]
    for sid, sdct in dct["subprocesses"].items():
        parent = wf.tasks[UUID(sid)]
        wf.subprocesses[parent.id] = reg.restore(sdct, task=parent, top_workflow=wf)
    return wf


def older_store(path: str):
    spec = importlib.util.spec_from_file_location("engine.cases.store_against", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # dataclasses look their module up
    spec.loader.exec_module(module)
    st = module.WorkflowStore()
    st.prune_finished = module.prune_finished
    return st


def use(eng: Engine, st) -> None:
    """Commands go through `st` (and its module's prune_finished, which knows its Snapshot)."""
    from engine.cases import runtime, store
    eng.store = st
    runtime.prune_finished = getattr(st, "prune_finished", store.prune_finished)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--against", help="an older engine/cases/store.py to compare with")
    ap.add_argument("--database-url", help="a PostgreSQL database (migrated; cases are added)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        eng = setup(args.database_url or f"sqlite:///{tmp}/store.sqlite")
        stores = {"now": eng.store}
        if args.against:
            stores["against"] = older_store(args.against)
        ids = [petition_at_handle(eng) for _ in range(args.cases)]
        samples = read_figures(eng, stores, ids, args.rounds)
        samples.update(complete_figures(eng, stores, args.cases))
        samples["now", "spiff_restore"] = spiff_restore(WorkflowStore(), eng, ids)
        eng.db.dispose()
    report({f"{k}_ms" if name == "now" else f"{k}_against_ms": statistics.median(v) * 1000
            for (name, k), v in samples.items()}, args.json)


def report(figures: dict, as_json: bool):
    for k, v in sorted(figures.items()):
        print(f"{k:>28} {v:8.3f} ms median per case")
    if as_json:
        print(json.dumps({k: round(v, 3) for k, v in sorted(figures.items())}))


if __name__ == "__main__":
    main()
