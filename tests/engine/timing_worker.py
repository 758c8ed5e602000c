"""A scheduler process for the race and kill tests (and bench/timers.py).

usage: python timing_worker.py DB_URL SECONDS [DELAY] [BATCH]
Runs a Scheduler with the recording runtime for SECONDS, then exits.
"""
import logging
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine.data.db import make_engine  # noqa: E402
from engine.scheduling.scheduler import Scheduler  # noqa: E402
from timing_support import RecordingRuntime  # noqa: E402


def main(url, seconds, delay=0.0, batch=100):
    logging.basicConfig(level=logging.WARNING)
    db = make_engine(url)
    sched = Scheduler(db, RecordingRuntime(db, delay=delay), batch=batch, poll_seconds=0.5,
                      lease=timedelta(seconds=60), recurring_jobs=False)
    sched.start()
    print("started", sched.worker, flush=True)
    time.sleep(seconds)
    sched.shutdown()
    print("fired", sched.fired, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), *(float(a) for a in sys.argv[3:4]),
         *(int(a) for a in sys.argv[4:5]))
