"""A timer claimed just before 補正 stopped its case's clock is handed back by
the firing's one write, not marked fired and then put back: in a batch
(engine/cases/timerbatch.py, clock_hold.firing) and alone (Engine.fire_timer,
which sees the stop on the case it locked first). Real petition model."""
from contextlib import contextmanager

from sqlalchemy import event

from engine.cases import extensions
from engine.scheduling import timers

from .conftest import at
from .test_petition import new_case, register
from .test_supplement_timers import OFFICER, fired_elements, kinds, timer_rows


@contextmanager
def timer_writes(db):
    """The UPDATE statements sent to the timer table while the block runs."""
    seen = []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE TIMER"):
            seen.append(statement)
    event.listen(db, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db, "before_cursor_execute", count)


def claimed_then_stopped(lib) -> tuple[int, int]:
    """The handle step's reminder (03-09 08:30) claimed by scheduler-a, then
    補正 stops the clock before it fires: (case id, timer id)."""
    cid = new_case(lib)
    register(lib, cid)
    lib.clock.set(at(2026, 3, 9, 9, 0))
    with lib.db.begin() as conn:
        (claimed,) = timers.claim_due(conn, lib.clock.now(), "scheduler-a", 100)
    with lib.db.begin() as conn:
        extensions.stop_clock(conn, lib.clock, OFFICER.username, cid, reason="請補正地址")
    return cid, claimed


def _handed_back(lib, cid):
    row = timer_rows(lib, cid)["handle_reminder_timer"]
    assert (row.state, row.claimed_by, row.claimed_at, row.fired_at) == ("pending", None, None, None)
    assert fired_elements(lib, cid) == [] and kinds(lib, cid) == []


def test_a_batch_hands_it_back_in_its_one_write(library):
    cid, claimed = claimed_then_stopped(library)
    with timer_writes(library.db) as writes:
        assert library.engine.fire_timers([claimed], "scheduler-a") == 0
    assert len(writes) == 1
    _handed_back(library, cid)


def test_firing_it_alone_hands_it_back_in_one_write(library):
    cid, claimed = claimed_then_stopped(library)
    with timer_writes(library.db) as writes:
        assert library.engine.fire_timer(claimed, "scheduler-a") is False
    assert len(writes) == 1
    _handed_back(library, cid)


def test_an_unclaimed_timer_of_a_waiting_case_is_not_written_at_all(library):
    cid, claimed = claimed_then_stopped(library)
    library.engine.fire_timers([claimed], "scheduler-a")    # handed back: pending, unclaimed
    with timer_writes(library.db) as writes:
        assert library.engine.fire_timer(claimed) is False
    assert writes == []
    _handed_back(library, cid)
