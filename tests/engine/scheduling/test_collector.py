"""The garbage collector counts more allocations between young collections
while timers fire, and its threshold is put back afterwards."""
import gc
import threading

from engine.scheduling import collector
from engine.scheduling.collector import YOUNG_THRESHOLD, fewer_collections


def test_threshold_raised_inside_and_restored_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before


def test_nested_and_concurrent_runs_restore_once_the_last_ends():
    before = gc.get_threshold()
    inner_started, release = threading.Event(), threading.Event()

    def other_run():
        with fewer_collections():
            inner_started.set()
            release.wait(5)

    t = threading.Thread(target=other_run)
    with fewer_collections():
        t.start()
        inner_started.wait(5)
    assert gc.get_threshold()[0] >= YOUNG_THRESHOLD   # the other run is still active
    release.set()
    t.join(5)
    assert gc.get_threshold() == before
    assert collector._active == 0


def test_restored_when_the_run_raises():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("a failing batch")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before


def test_scheduler_fires_with_fewer_collections(monkeypatch):
    from engine.scheduling.scheduler import Scheduler
    seen = []

    class Runtime:
        def fire_timers(self, ids, worker):
            seen.append(gc.get_threshold()[0])
            return len(ids)

    sched = Scheduler.__new__(Scheduler)
    sched.batch, sched.chunk, sched.worker, sched.fired = 100, 50, "w", 0
    sched.runtime = Runtime()
    monkeypatch.setattr("engine.scheduling.scheduler.timers.claim_due",
                        lambda conn, now, worker, limit: [1, 2, 3])

    class Db:
        def begin(self):
            import contextlib
            return contextlib.nullcontext(None)

    sched.db, sched.clock = Db(), type("C", (), {"now": staticmethod(lambda: None)})()
    monkeypatch.setattr(sched, "_wake_job", lambda job: None, raising=False)
    assert sched.fire_due() == 3
    assert seen == [max(YOUNG_THRESHOLD, gc.get_threshold()[0])] and seen[0] >= YOUNG_THRESHOLD


def _in_own_process(script: str) -> list[int]:
    # settle() freezes the heap and keeps its threshold for good: a process of its own.
    import subprocess
    import sys
    from pathlib import Path
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[3]).stdout
    return [int(n) for n in out.split()]


def test_a_timer_run_ending_after_settle_does_not_undo_it():
    threshold = _in_own_process(
        "import gc; from engine.scheduling import collector\n"
        "with collector.fewer_collections():\n"
        "    collector.settle()\n"
        "print(*gc.get_threshold())")
    assert threshold == [YOUNG_THRESHOLD, 10, 10]
