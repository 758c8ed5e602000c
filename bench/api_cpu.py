"""CPU time per REST API request in one process (Flask's test client, no
gunicorn): what the web layer and the engine cost, without the wall-time noise
of a machine shared with others. The client keeps cookies, as bench/http.py's
does. Prints one line of JSON: complete_ms, create_ms, get_case_ms,
list_tasks_ms (CPU milliseconds per request, SQLite).

usage: python bench/api_cpu.py [N]      (N requests of each kind, default 200)

To compare two trees, run each tree's copy from its own folder, alternating.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
from by_path import load  # noqa: E402 (bench/ is still on the path here)
from scratch import scratch_dir  # noqa: E402 (bench/ is still on the path here)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT]
sys.path.insert(0, str(ROOT.parent))


def cpu_ms(fn, items) -> float:
    started = time.process_time()
    for item in items:
        fn(item)
    return round((time.process_time() - started) / len(items) * 1000, 3)


def main(n: int) -> dict:
    bh = load("http.py")
    url = f"sqlite:///{scratch_dir('cf-api-cpu-')}/b.sqlite"
    env = bh.setup(url)
    ids = bh.open_handle_tasks(env["rt"], n + 20)
    from webapp import create_app
    client = create_app({"DATABASE_URL": url}).test_client()
    officer = {"Authorization": f"Bearer {env['tokens']['pwb1']}"}
    clerk = {"Authorization": f"Bearer {env['tokens']['clerk']}"}

    def call(method, path, headers, status, body=None):
        resp = client.open(path, method=method, json=body, headers=headers)
        assert resp.status_code == status, (path, resp.status_code)
        return resp.get_json()

    def complete(tid):
        call("POST", f"/api/v1/tasks/{tid}/complete", officer, 200, {"data": bh.REPLY})
    for tid in ids[:20]:   # warm: imports, parsing, compiled statements
        complete(tid)
    made, counter = [], dict(bh.LETTER, channel="counter")
    out = {"complete_ms": cpu_ms(complete, ids[20:]),
           "create_ms": cpu_ms(lambda _: made.append(call(
               "POST", "/api/v1/cases", clerk, 201, {"process": "petition", "data": counter})["id"]),
               range(n // 2))}
    out["get_case_ms"] = cpu_ms(lambda cid: call("GET", f"/api/v1/cases/{cid}", clerk, 200), made * 2)
    out["list_tasks_ms"] = cpu_ms(lambda _: call("GET", "/api/v1/tasks", officer, 200), range(n // 2))
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)))
