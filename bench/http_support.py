"""Helpers of bench/http.py: a keep-alive HTTP client, the gunicorn server
and bulk data for the inbox figures."""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

from sqlalchemy import insert, select

from engine.data.schema import agency, case, process_definition, task

TREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Client:
    """One keep-alive connection; remembers the session cookie."""

    def __init__(self, port: int, token: str | None = None):
        self.port, self.token, self.cookie = port, token, ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, body=None, form=None):
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.cookie:
            headers["Cookie"] = self.cookie
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body), "application/json"
        elif form is not None:
            data, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        for attempt in (1, 2):  # a server may close an idle keep-alive connection
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        cookie = resp.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return resp.status, payload

    def json(self, method, path, body=None):
        status, payload = self.request(method, path, body=body if body is not None else {} if method == "POST" else None)
        return status, (json.loads(payload) if payload else None)

    def login(self, username, password):
        _, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
            re.search(rb'name="csrf_token" value="([^"]+)"', page)
        status, _ = self.request("POST", "/login", form={
            "username": username, "password": password, "csrf_token": token.group(1).decode()})
        assert status == 302, f"login failed: {status}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, threads: int,
                   worker_class: str | None = None):
    """Start gunicorn; return (process, seconds until the first page answered)."""
    cmd = [os.path.join(os.path.dirname(os.sys.executable), "gunicorn"),
           *serving_config(), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
           *(["--worker-class", worker_class] if worker_class else []), "--threads", str(threads),
           "--keep-alive", "30", "--log-level", "warning", "webapp:create_app()"]
    t0 = time.perf_counter()
    # This tree's webapp and engine, also for the config module, which gunicorn
    # imports before it puts its folder on sys.path (an editable install of
    # another checkout would answer otherwise).
    path = os.pathsep.join(p for p in (TREE, os.environ.get("PYTHONPATH")) if p)
    proc = subprocess.Popen(cmd, env={**os.environ, **env, "PYTHONPATH": path},
                            start_new_session=True, cwd=TREE)
    while True:
        try:
            status, _ = Client(port).request("GET", "/login")
            if status == 200:
                return proc, time.perf_counter() - t0
        except OSError:
            pass
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited")
        time.sleep(0.02)


def serving_config() -> list[str]:
    """civicflow serve's own gunicorn settings and worker start-up (the warm-up),
    where the tree has them (webapp/serving.py); the flags after it win."""
    if os.path.exists(os.path.join(TREE, "webapp", "serving.py")):
        return ["--config", "python:webapp.serving"]
    return []


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live descendants: the
    gunicorn master, its workers and their sandbox processes. Unlike wall
    time, it barely moves with the load of others sharing the cores."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        kids = [int(k) for tid in os.listdir(f"/proc/{pid}/task")
                for k in _read(f"/proc/{pid}/task/{tid}/children").split()]
    except (FileNotFoundError, ProcessLookupError):
        return total
    return total + sum(cpu_seconds(k) for k in kids)


def _read(path: str) -> str:
    try:
        with open(path) as fh:
            return fh.read()
    except (FileNotFoundError, ProcessLookupError):   # a thread that just ended
        return ""


def stop(proc) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def bulk_inbox_data(db, n_tasks: int, n_agencies: int = 200, start_id: int = 0,
                    batch: int = 20000) -> None:
    """n_tasks open tasks spread over synthetic agencies, one small case each.
    Rows go straight into the tables: the inbox reads only these."""
    with db.begin() as conn:
        codes = {r for r in conn.execute(select(agency.c.code)).scalars()}
        new = [{"code": f"B{i:03d}", "name_zh": f"機關{i}", "name_en": f"Agency {i}"}
               for i in range(n_agencies) if f"B{i:03d}" not in codes]
        if new:
            conn.execute(insert(agency), new)
        definition_id = conn.execute(select(process_definition.c.id).limit(1)).scalar()
    base = datetime(2026, 3, 2, tzinfo=timezone.utc)
    for lo in range(start_id, start_id + n_tasks, batch):
        hi = min(lo + batch, start_id + n_tasks)
        cases = [_case_row(i, definition_id, base) for i in range(lo, hi)]
        tasks = [_task_row(i, base, n_agencies) for i in range(lo, hi)]
        with db.begin() as conn:
            conn.execute(insert(case), cases)
            conn.execute(insert(task), tasks)


def _case_row(i, definition_id, base):
    return {"id": 10_000_000 + i, "number": f"B-{i:08d}", "definition_id": definition_id,
            "process_key": "petition", "status": "open", "title": f"bulk petition {i}",
            "category": "garbage", "received_at": base, "created_at": base, "updated_at": base,
            "summary": "{}"}


def _task_row(i, base, n_agencies):
    return {"id": f"bulk-{i:010d}", "case_id": 10_000_000 + i, "process_key": "petition",
            "element_id": "handle", "name": "辦理並擬復", "candidate_agency": f"B{i % n_agencies:03d}",
            "candidate_role": "officer", "state": "ready", "created_at": base,
            "due_at": base + timedelta(minutes=(i * 7919) % 100_000)}
