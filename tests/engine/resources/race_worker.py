"""Run by tests/engine/resources/test_reservation_race.py in separate processes:
the dispatcher of one trip assigns car RBK-2101.

usage: race_worker.py DB_URL TASK_ID DRIVER GO_FILE MARK_DIR
Prints `won` or `refused NUMBER STARTS ENDS` (the booking that holds the car).
On PostgreSQL each process waits after its own overlap check until the other
has checked too, so both reach the insert and the database's exclusion
constraint decides (on SQLite BEGIN IMMEDIATE queues the second command).
"""
import os
import sys
import time
from pathlib import Path

from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.db import make_engine
from engine.data.errors import InvalidData
from engine.resources import reservations


def both_checked(mark_dir: Path, me: str):
    real = reservations._refuse_conflict

    def check_then_wait(conn, row, case_id, start, end):
        real(conn, row, case_id, start, end)
        (mark_dir / me).write_text("checked")
        deadline = time.monotonic() + 5
        while len(list(mark_dir.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        reservations._refuse_conflict = real   # once: the retry after a failed insert runs plain
    reservations._refuse_conflict = check_then_wait


def main(url, task_id, driver, go_file, mark_dir):
    if url.startswith("postgresql"):
        both_checked(Path(mark_dir), driver)
    engine = Engine(make_engine(url))
    actor = Actor(f"dispatcher.{driver}", "DOA", frozenset({"officer"}))
    while not os.path.exists(go_file):
        time.sleep(0.001)
    try:
        engine.complete(task_id, actor, {"dispatch_decision": "assign", "car_id": "RBK-2101",
                                         "driver_id": driver})
        print("won", flush=True)
    except InvalidData as exc:
        err = exc.errors["car_id"]
        print("refused", err.params["number"], err.params["starts_at"], err.params["ends_at"],
              flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
