"""Run by tests/engine/test_concurrency.py in separate processes.

usage: concurrency_worker.py race DB_URL TASK_ID USERNAME GO_FILE
       concurrency_worker.py crash DB_URL TASK_ID USERNAME
"""
import os
import signal
import sys
import time

from engine.cases.actors import Actor
from engine.data.errors import Conflict
from engine.data.db import make_engine
from engine.cases.runtime import Engine


def race(url, task_ids, username, go_file):
    engine = Engine(make_engine(url))
    actor = Actor(username, "EPB", frozenset({"officer"}))
    while not os.path.exists(go_file):  # start together
        time.sleep(0.001)
    for task_id in task_ids.split(","):
        try:
            engine.complete(task_id, actor, {"reply_text": f"by {username}"})
            print(f"won {task_id}", flush=True)
        except Conflict:
            print(f"conflict {task_id}", flush=True)


def crash(url, task_id, username):
    """Die by SIGKILL after the workflow rows are written, before the commit."""
    import engine.cases.index as index
    real = index.write_tasks

    def die(cmd, plan):
        real(cmd, plan)
        os.kill(os.getpid(), signal.SIGKILL)
    index.write_tasks = die
    engine = Engine(make_engine(url))
    engine.complete(task_id, Actor(username, "EPB", frozenset({"officer"})), {"reply_text": "x"})


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"race": race, "crash": crash}[mode](*args)
