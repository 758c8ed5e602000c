"""A pool of worker processes that run model scripts under hard limits.

In-process, a long C call (sorting, formatting) cannot be interrupted and
memory cannot be capped. A worker is a separate Python (engine/sandbox/
child.py) whose address space is capped with RLIMIT_AS; the parent waits
for its answer until the time budget ends, then kills it and starts a new
one. Model functions (now(), notify(), ...) stay in the parent: the worker
asks for each call by name and the parent answers, so they see the running
command as they do in-process.

Workers are started ahead of need (`size` idle ones per budget), so a
script pays a pipe round trip, not a process start.
"""
from __future__ import annotations

import builtins
import json
import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

from .channel import Reader, write_frame
from .runtime import BudgetExceeded, Limits, SandboxError

ROOT = str(Path(__file__).resolve().parents[2])
BOOT = f"import sys; sys.path.insert(0, {ROOT!r}); from engine.sandbox.child import main; main()"
BOOT_SECONDS = 20.0
DEFAULT_SIZE = 2

# Exceptions a script may raise that the parent raises again by the same class.
_PASSED_ON = frozenset(
    "ArithmeticError AssertionError AttributeError Exception IndexError KeyError "
    "LookupError NameError OverflowError RecursionError StopIteration TypeError "
    "UnboundLocalError ValueError ZeroDivisionError".split())


class Worker:
    """One child process and the two ends of its pipes."""

    def __init__(self, memory: int):
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-c", BOOT, str(memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        self.reader = Reader(self.proc.stdout.fileno())
        self.ready = False
        self.failure = None  # an exception a model function raised in the parent

    def run(self, job: dict, functions: dict, limits: Limits) -> dict:
        self._wait_ready()
        deadline = time.monotonic() + limits.seconds
        write_frame(self.proc.stdin.fileno(), pickle.dumps(job))
        while True:
            message = self._receive(deadline, limits)
            if "call" not in message:
                return message
            self._answer(message, functions)

    def _wait_ready(self) -> None:
        if not self.ready:
            if self.reader.frame(time.monotonic() + BOOT_SECONDS, 1024) is None:
                raise SandboxError("the worker for model scripts did not start")
            self.ready = True

    def _receive(self, deadline: float, limits: Limits) -> dict:
        try:
            frame = self.reader.frame(deadline, limits.memory)
        except (EOFError, ValueError):
            raise _out_of_memory(limits) from None
        if frame is None:
            raise BudgetExceeded(f"the script ran longer than {limits.seconds:g} s", "time")
        return json.loads(frame)

    def _answer(self, message: dict, functions: dict) -> None:
        fn = functions.get(message["call"])
        try:
            if fn is None:
                raise SandboxError(f"no such function: {message['call']}")
            reply = {"value": fn(*message.get("args", ()), **message.get("kwargs", {}))}
        except Exception as exc:  # raised again in the parent once the worker stops
            self.failure = exc
            reply = {"abort": True}
        write_frame(self.proc.stdin.fileno(), pickle.dumps(reply))

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=5)
        self.proc.stdin.close()
        self.proc.stdout.close()


def _out_of_memory(limits: Limits) -> BudgetExceeded:
    return BudgetExceeded(
        f"the script used more than {limits.memory // 2 ** 20} MB of memory", "memory")


MAX_KEPT = 16   # idle workers a pool keeps at most, whatever its peak


class Pool:
    """Idle workers of one memory budget, each taken by one command at a time.

    It keeps `size` idle workers, or as many as were ever busy at once: a
    server's threads run scripts side by side (PostgreSQL), and a thread that
    found no idle worker waited for a new Python to start (~28% of the request
    threads' time at 8 clients, 2 workers x 4 threads)."""

    def __init__(self, memory: int, size: int = DEFAULT_SIZE):
        self.memory, self.size = memory, size
        self.idle: list[Worker] = []
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.busy = self.peak = 0

    def run(self, job: dict, functions: dict, limits: Limits) -> dict:
        worker = self._take()
        try:
            reply = worker.run(job, functions, limits)
        except BaseException:
            self._release()
            worker.kill()  # overran, died or was interrupted: never reused
            self._refill()
            raise
        self._release()
        self._give(worker, keep=not reply.get("recycle"))
        self._refill()
        if worker.failure is not None:
            failure, worker.failure = worker.failure, None
            raise failure
        return reply

    def _take(self) -> Worker:
        with self.lock:
            if self.pid != os.getpid():  # forked (e.g. by gunicorn): those are the parent's
                self.idle, self.pid, self.busy, self.peak = [], os.getpid(), 0, 0
            self.busy += 1
            self.peak = max(self.peak, self.busy)
            while self.idle:  # the last one given back is warm and surely started
                worker = self.idle.pop()
                if worker.proc.poll() is None:
                    return worker
                worker.kill()  # died while idle: reap it
        return Worker(self.memory)

    def _release(self) -> None:
        with self.lock:
            self.busy -= 1

    def _give(self, worker: Worker, keep: bool) -> None:
        with self.lock:
            kept = min(max(self.size, self.peak), MAX_KEPT) if self.size else 0
            if keep and len(self.idle) < kept:
                self.idle.append(worker)
                return
        worker.kill()

    def _refill(self) -> None:
        with self.lock:
            while len(self.idle) < self.size:
                self.idle.insert(0, Worker(self.memory))

    def close(self) -> None:
        with self.lock:
            idle, self.idle = self.idle, []
        for worker in idle:
            worker.kill()


_pools: dict[int, Pool] = {}
_pools_lock = threading.Lock()
_settings = {"size": DEFAULT_SIZE}


def configure(size: int) -> None:
    """How many idle workers each pool keeps (config SANDBOX_WORKERS)."""
    _settings["size"] = max(int(size), 0)


def shared(memory: int) -> Pool:
    """The process-wide pool for workers capped at `memory` bytes."""
    with _pools_lock:
        pool = _pools.get(memory)
        if pool is None:
            pool = _pools[memory] = Pool(memory, _settings["size"])
        return pool


def raise_reply(reply: dict) -> None:
    """Raise in the parent what the script raised in the worker."""
    message = reply["error"]
    if reply.get("kind"):
        raise BudgetExceeded(message, reply["kind"])
    kind = reply.get("type")
    if kind in _PASSED_ON:
        raise getattr(builtins, kind)(message)
    raise SandboxError(message)
