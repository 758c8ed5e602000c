"""SpiffWorkflow's task-tree walk, the engine's (engine/cases/spiff_iteration.py)
against the original, in one process: API completions of bench/http.py's
petition through Flask's test client, alternating blocks of each walk so the
machine's load falls on both alike. Prints the median and mean CPU per
completion of each.

usage: python bench/tree_walk.py [ROUNDS]     (blocks of 40 completions each way, default 8)
"""
from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
from by_path import load  # noqa: E402 (bench/ is still on the path here)
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
sys.path.insert(0, str(ROOT.parent))

BLOCK = 40


def main(rounds: int) -> dict:
    from SpiffWorkflow.util.task import TaskIterator
    bh = load("http.py")
    env = bh.setup(f"sqlite:///{scratch_dir('cf-tree-walk-')}/b.sqlite")
    ids = iter(bh.open_handle_tasks(env["rt"], BLOCK * 2 * rounds + 30))
    from engine.cases import spiff_iteration
    from webapp import create_app
    client = create_app({"DATABASE_URL": str(env["db"].url)}).test_client()
    officer = {"Authorization": f"Bearer {env['tokens']['pwb1']}"}

    def complete():
        resp = client.post(f"/api/v1/tasks/{next(ids)}/complete", json={"data": bh.REPLY},
                           headers=officer)
        assert resp.status_code == 200, resp.get_json()
    for _ in range(30):   # warm: imports, parsing, compiled statements
        complete()
    gc.collect()
    gc.freeze()           # as a served worker settles its collector (webapp/serving.py)
    walks = {"engine": spiff_iteration._next, "original": spiff_iteration.ORIGINAL_NEXT}
    times: dict[str, list[float]] = {k: [] for k in walks}
    for r in range(rounds):
        for name in (list(walks) if r % 2 == 0 else list(walks)[::-1]):
            TaskIterator.__next__ = walks[name]
            for _ in range(BLOCK):
                started = time.process_time()
                complete()
                times[name].append((time.process_time() - started) * 1000)
    TaskIterator.__next__ = walks["engine"]
    return {name: {"median_ms": round(statistics.median(v), 3), "mean_ms": round(statistics.mean(v), 3)}
            for name, v in times.items()}


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8))
