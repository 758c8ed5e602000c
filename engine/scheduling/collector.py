"""Fewer cyclic garbage collections while timers fire.

A timer batch builds and drops thousands of short-lived containers (the JSON
of its workflows, SpiffWorkflow's tasks) while the workflows it keeps (the
engine's cache, up to 2,000 cases) stay alive. With CPython's default
threshold (a young collection every 700 allocations, an older one every 10 of
those) the collector re-walks the kept workflows again and again: measured on
bench/timers.py, 35% of a scheduler's CPU per timer. Counting 10,000
allocations between young collections cut that to a few percent.

The threshold is process-wide: it is raised while any timer run is active in
the process and put back when the last one ends. Nothing is left uncollected:
the collector runs as usual, only less often. A long-lived process that keeps
a large heap (a web worker once warm) calls `settle()` to keep the raised
threshold for good.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000

_lock = threading.Lock()
_active = 0
_saved: tuple | None = None


@contextmanager
def fewer_collections():
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(YOUNG_THRESHOLD, _saved[0]), *_saved[1:])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)


def settle() -> None:
    """For the rest of the process: what it holds now set aside from the
    collector (gc.freeze) and young collections every YOUNG_THRESHOLD
    allocations. During a timer run this becomes the threshold the run's end
    puts back, so the run does not undo it."""
    global _saved
    with _lock:
        gc.collect()
        gc.freeze()
        young, *older = _saved if _active else gc.get_threshold()
        settled = (max(YOUNG_THRESHOLD, young), *older)
        if _active:
            _saved = settled
        else:
            gc.set_threshold(*settled)
