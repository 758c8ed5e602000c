"""webapp/fair_worker.py: under civicflow serve's gunicorn settings, clients
that keep their connections open are spread over the workers instead of all
landing on the worker that woke first."""
import collections
import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    """gunicorn with webapp/serving.py's settings, 2 workers x 2 threads."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "python:webapp.serving", "--workers", "2",
         "--threads", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "--keep-alive", "30", "tests.webapp.pid_app:app"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    time.sleep(1)   # both workers up and polling
    yield port
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)


def _client(port, served, barrier):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    barrier.wait()
    for _ in range(6):
        conn.request("GET", "/")
        served.append(conn.getresponse().read().decode())
    conn.close()


def test_kept_alive_connections_are_spread_over_the_workers(server):
    served_by = [[] for _ in range(8)]
    barrier = threading.Barrier(8)
    clients = [threading.Thread(target=_client, args=(server, served_by[i], barrier))
               for i in range(8)]
    for c in clients:
        c.start()
    for c in clients:
        c.join(timeout=60)
    per_connection = [set(pids) for pids in served_by]
    assert all(len(pids) == 1 for pids in per_connection)   # kept alive: one worker each
    workers = collections.Counter(next(iter(pids)) for pids in per_connection)
    # A stock gthread worker takes all eight: whichever worker woke first.
    assert len(workers) == 2 and min(workers.values()) >= 2, workers
