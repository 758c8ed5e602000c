"""The worker pool keeps as many idle workers as scripts ran at once, so a
server's threads do not wait for a new Python at every burst."""
import sys
import threading

from engine.sandbox import SandboxEnvironment
from engine.sandbox import workers
from engine.sandbox.workers import Pool

MB = 2 ** 20


def burst(pool, n):
    """n threads each running one script at the same moment (the parent's
    model function holds them until all have a worker)."""
    barrier = threading.Barrier(n)
    errors = []

    def wait_for_all():
        barrier.wait(timeout=30)
        return True

    def one():
        # Too big for in-process sizes (a range of 200,000): it runs in a worker.
        env = SandboxEnvironment(pool=pool, repeatable={"wait_for_all"})
        data = {"n": 1}
        try:
            env.execute("k = len(list(range(200000)))\nok = wait_for_all()\nn = n + 1", data,
                        {"wait_for_all": wait_for_all})
            assert data["n"] == 2 and data["ok"] is True
        except Exception as exc:   # reported by the test thread
            errors.append(exc)
    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors


def test_a_burst_of_four_leaves_four_idle_and_the_next_starts_none(monkeypatch):
    pool = Pool(64 * MB, size=2)
    try:
        burst(pool, 4)
        assert pool.peak == 4 and pool.busy == 0
        assert len(pool.idle) == 4 and all(w.proc.poll() is None for w in pool.idle)
        waited_for = []   # workers started for a script that had none (not a refill ahead of need)
        real = workers.Worker.__init__

        def counting(self, memory):
            if sys._getframe(1).f_code.co_name == "_take":
                waited_for.append(memory)
            real(self, memory)
        monkeypatch.setattr(workers.Worker, "__init__", counting)
        burst(pool, 4)
        assert waited_for == []   # every script found a warm worker
    finally:
        pool.close()


def test_a_pool_sized_zero_keeps_none():
    pool = Pool(64 * MB, size=0)
    try:
        burst(pool, 2)
        assert pool.idle == []
    finally:
        pool.close()
