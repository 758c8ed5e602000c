"""The worker side of engine/sandbox/workers.py: one job at a time.

Started as its own Python, with its address space capped (RLIMIT_AS) at
what it uses after start-up plus the memory budget. It runs the same
sandbox as the parent (the whitelist, the meters, the sized built-ins) and
answers in JSON: for a script, the task data it set and the names it
deleted; for an expression, its value. A SIGALRM stops it should the
parent be gone while a script runs.
"""
from __future__ import annotations

import json
import os
import pickle
import resource
import signal
import sys

from .channel import Reader, write_frame
from . import scripts
from .evaluator import compiled, evaluate_inline
from .runtime import SandboxError


class Channel:
    def __init__(self, read_fd: int, write_fd: int):
        self.reader, self.write_fd = Reader(read_fd), write_fd
        self.aborted = False  # a model function failed in the parent

    def send(self, message: dict) -> None:
        write_frame(self.write_fd, json.dumps(message, ensure_ascii=False).encode())

    def receive(self):
        return pickle.loads(self.reader.frame())

    def stub(self, name: str):
        """A model function that the parent runs."""
        def call(*args, **kwargs):
            try:
                self.send({"call": name, "args": args, "kwargs": kwargs})
            except (TypeError, ValueError):
                raise TypeError(f"{name}() takes plain data (text, numbers, lists)") from None
            reply = self.receive()
            if reply.get("abort"):
                self.aborted = True
                raise SandboxError(f"{name}() failed")
            return reply["value"]
        return call


def main() -> None:
    write_fd = os.dup(1)
    os.dup2(2, 1)  # nothing but frames may reach the parent's pipe
    _limit_memory(int(sys.argv[-1]))
    channel = Channel(0, write_fd)
    channel.send({"ready": os.getpid()})
    while True:
        try:
            job = channel.receive()
        except EOFError:
            return
        reply = _serve(job, channel)
        _send(channel, reply, job["limits"].data_bytes)
        if reply.get("recycle"):
            return


def _limit_memory(budget: int) -> None:
    with open("/proc/self/status") as status:
        used = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (used + budget, used + budget))


def _serve(job: dict, channel: Channel) -> dict:
    channel.aborted = False
    signal.alarm(int(job["limits"].seconds) + 3)
    try:
        reply = _run(job, channel)
    except Exception as err:   # MemoryError included
        reply = scripts.error_reply(err)
    finally:
        signal.alarm(0)
    return {"aborted": True} if channel.aborted else reply


def _run(job: dict, channel: Channel) -> dict:
    code = compiled(job["source"], job["mode"])
    added = {name: channel.stub(name) for name in job["functions"]}
    added.update(job["values"])
    if job["mode"] == "eval":
        data = pickle.loads(job["data"])
        return {"value": evaluate_inline(code, data, added, None, job["limits"])}
    return scripts.changes(code, job["data"], added, job["limits"])


def _send(channel: Channel, reply: dict, data_bytes: int) -> None:
    write_frame(channel.write_fd, scripts.encoded(reply, data_bytes))
