"""The scheduler: every due timer fired exactly once, by racing processes and
after a worker is killed mid-batch; wake-up for the next due instant;
recurring jobs deduplicated across processes."""
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from engine.scheduling.recurring import (
    daily_digest, monthly_council_progress, take_lock, yearly_audit_plan,
)
from engine.scheduling.scheduler import Scheduler
from engine.data.schema import agency, case, message_wait, outbox, process_definition, task, timer
# Test helpers live next to the tests; --import-mode=importlib does not put
# this folder on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing_support import (
    RecordingRuntime, T0, add_cases, add_timers, fired_counts, fresh_db, postgres_url,
)

WORKER = Path(__file__).resolve().parents[1] / "timing_worker.py"


def urls(tmp_path):
    return {"sqlite": f"sqlite:///{tmp_path / 'race.sqlite'}", "postgres": postgres_url()}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def race_url(request, tmp_path):
    url = urls(tmp_path)[request.param]
    if url is None:
        pytest.skip("set TEST_POSTGRES_URL to a PostgreSQL database")
    if request.param == "sqlite" and _postgres_run():
        # make test's PostgreSQL run: its SQLite run, side by side, races this one.
        pytest.skip("raced on SQLite by the SQLite run")
    fresh_db(url).dispose()
    return url


def _postgres_run() -> bool:
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgres")


def now_utc():
    return datetime.now(timezone.utc)


def wait_for(predicate, timeout=30.0, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def seed(db, count, due):
    with db.begin() as conn:
        add_timers(conn, add_cases(conn, count), due)


def timer_states(db):
    with db.connect() as conn:
        return dict(conn.execute(select(timer.c.state, func.count()).group_by(timer.c.state)).all())


def all_fired_once(db, count):
    with db.connect() as conn:
        counts = fired_counts(conn)
    return len(counts) == count and set(counts.values()) == {1}


def test_fires_due_timers_and_wakes_for_the_next_one(db):
    seed(db, 5, now_utc() - timedelta(seconds=5))
    soon = now_utc() + timedelta(seconds=1.5)
    with db.begin() as conn:
        add_timers(conn, add_cases(conn, 1), soon)
    # A 10-minute safety poll: only waking for the due instant can fire it in time.
    sched = Scheduler(db, RecordingRuntime(db), poll_seconds=600, recurring_jobs=False)
    sched.start()
    try:
        assert wait_for(lambda: sched.fired == 5, timeout=10)
        assert wait_for(lambda: sched.fired == 6, timeout=10)
    finally:
        sched.shutdown()
    assert all_fired_once(db, 6) and timer_states(db) == {"fired": 6}


def test_runtime_hook_wakes_the_scheduler_for_a_new_timer(db):
    sched = Scheduler(db, RecordingRuntime(db), poll_seconds=600, recurring_jobs=False)
    sched.start()
    try:
        time.sleep(0.3)                      # the first run found nothing
        due = now_utc() + timedelta(seconds=0.5)
        seed(db, 1, due)
        sched.notify_new_timer(due)          # what Engine(hooks={"timer": ...}) calls
        assert wait_for(lambda: sched.fired == 1, timeout=10)
    finally:
        sched.shutdown()


@pytest.mark.postgres
def test_timer_committed_elsewhere_wakes_the_scheduler_through_listen_notify():
    """No in-process hook and a 10-minute poll: only PostgreSQL's NOTIFY, sent
    by the committing transaction, can wake the scheduler in time."""
    from engine.scheduling import wake
    url = postgres_url()
    if url is None:
        pytest.skip("set TEST_POSTGRES_URL to a PostgreSQL database")
    db = fresh_db(url)
    sched = Scheduler(db, RecordingRuntime(db), poll_seconds=600, recurring_jobs=False)
    sched.start()
    try:
        assert wait_for(lambda: sched.listener is not None and sched.listener.is_alive())
        time.sleep(0.5)                      # first run done, LISTEN issued
        due = now_utc() + timedelta(seconds=1)
        with db.begin() as conn:
            add_timers(conn, add_cases(conn, 1), due)
            wake.announce(conn, [due])  # what the runtime does on commit
        assert wait_for(lambda: sched.fired == 1, timeout=5)
    finally:
        sched.shutdown()
        db.dispose()
    assert all_fired_once(db, 1)


def test_timer_not_yet_due_is_left_alone(db):
    seed(db, 3, now_utc() + timedelta(hours=1))
    sched = Scheduler(db, RecordingRuntime(db), recurring_jobs=False)
    assert sched.fire_due() == 0 and timer_states(db) == {"pending": 3}


def start_worker(url, seconds, delay=0.0, batch=100):
    return subprocess.Popen([sys.executable, str(WORKER), url, str(seconds), str(delay), str(batch)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_scheduler_processes_fire_each_timer_once(race_url):
    from engine.data.db import make_engine
    db = make_engine(race_url)
    count = 600
    procs = [start_worker(race_url, 12, delay=0.002, batch=25) for _ in range(2)]
    for p in procs:   # both are up before the timers fall due
        assert p.stdout.readline().startswith("started")
    seed(db, count, now_utc() + timedelta(seconds=1))
    try:
        assert wait_for(lambda: all_fired_once(db, count), timeout=60), timer_states(db)
    finally:
        outputs = [p.communicate(timeout=60) for p in procs]
    fired = [int(out.split("fired")[-1]) for out, _ in outputs]
    assert sum(fired) == count, outputs
    assert all(n > 0 for n in fired), f"one process did all the work: {fired}"
    assert timer_states(db) == {"fired": count}


@pytest.mark.slow
def test_scheduler_killed_mid_batch_is_recovered(race_url):
    from engine.data.db import make_engine
    db = make_engine(race_url)
    count = 80
    seed(db, count, now_utc() - timedelta(seconds=1))
    victim = start_worker(race_url, 60, delay=0.05, batch=40)
    assert wait_for(lambda: 3 <= sum(_fired(db).values()), timeout=30)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    states = timer_states(db)
    assert states.get("claimed", 0) > 0, states      # it died holding claims
    # A survivor with a short lease takes the orphaned claims over.
    survivor = Scheduler(db, RecordingRuntime(db), lease=timedelta(seconds=1),
                         poll_seconds=0.5, recurring_jobs=False)
    survivor.start()
    try:
        assert wait_for(lambda: all_fired_once(db, count), timeout=30), timer_states(db)
    finally:
        survivor.shutdown()
    assert timer_states(db) == {"fired": count}


def _fired(db):
    with db.connect() as conn:
        return fired_counts(conn)


# ---- recurring jobs ----------------------------------------------------
class FakeRuntime:
    def __init__(self):
        self.started, self.messages = [], []

    def start_case(self, key, data):
        self.started.append((key, data))
        return {"id": len(self.started), "number": f"N{len(self.started)}"}

    def send_message(self, case_id, name, payload):
        self.messages.append((case_id, name, payload))


class FixedClock:
    def __init__(self, at):
        self.at = at

    def now(self):
        return self.at


def recurring_sched(db, at, runtime=None):
    return Scheduler(db, runtime or FakeRuntime(), clock=FixedClock(at), recurring_jobs=True)


def test_scheduler_lock_is_taken_once(db):
    with db.begin() as conn:
        assert take_lock(conn, "digest:2025-03-03", "a", T0)
        assert not take_lock(conn, "digest:2025-03-03", "b", T0)
        assert take_lock(conn, "digest:2025-03-04", "b", T0)   # transaction still usable


def test_daily_digest_once_per_working_day(db):
    at = datetime(2025, 3, 4, 0, 30, tzinfo=timezone.utc)   # 08:30 Taipei, a Tuesday
    with db.begin() as conn:
        conn.execute(insert(agency), [
            dict(code="PWB", name_zh="工務局", name_en="Public Works", email="pwb@city.example"),
            dict(code="ENV", name_zh="環保局", name_en="Environment", email="env@city.example")])
        cid = add_cases(conn, 1)[0]
        conn.execute(insert(task), [
            dict(id=f"t{i}", case_id=cid, process_key="petition", element_id="reply",
                 name="回覆", candidate_agency="PWB", state="ready", created_at=T0,
                 due_at=at + timedelta(days=d)) for i, d in enumerate((-2, 0, 0.5, 3))])
    first, second = recurring_sched(db, at), recurring_sched(db, at)
    assert daily_digest(first) == 1 and daily_digest(second) == 0
    with db.connect() as conn:
        (mail,) = conn.execute(select(outbox)).all()
    assert mail.recipient == "pwb@city.example"
    assert "今日到期 2 件、逾期 1 件" in mail.subject and mail.body.count("- T") == 3
    saturday = datetime(2025, 3, 8, 0, 30, tzinfo=timezone.utc)
    assert daily_digest(recurring_sched(db, saturday)) == 0


def test_yearly_audit_plan_starts_one_case_when_deployed(db):
    runtime = FakeRuntime()
    assert yearly_audit_plan(recurring_sched(db, T0, runtime)) is None   # not deployed
    with db.begin() as conn:
        conn.execute(insert(process_definition).values(
            key="records_audit", version=1, content_hash="h", sources="{}", meta="{}",
            deployed_at=T0))
    assert yearly_audit_plan(recurring_sched(db, T0, runtime)) == 1
    assert yearly_audit_plan(recurring_sched(db, T0, runtime)) is None
    assert runtime.started == [("records_audit", {"plan_year": 2025})]


def test_monthly_progress_message_to_waiting_resolutions(db):
    runtime = FakeRuntime()
    with db.begin() as conn:
        ids = add_cases(conn, 3)
        conn.execute(process_definition.update().values(key="council_resolution"))
        conn.execute(case.update().values(process_key="council_resolution"))
        conn.execute(insert(message_wait), [
            dict(case_id=i, task_id="w", message="progress_report_due") for i in ids[:2]])
    assert monthly_council_progress(recurring_sched(db, T0, runtime)) == 2
    assert monthly_council_progress(recurring_sched(db, T0, runtime)) == 0
    assert runtime.messages == [(i, "progress_report_due", {"period": "2025-03"}) for i in ids[:2]]


# ---- with the real runtime ---------------------------------------------
def test_runtime_reminder_timer_fired_once_by_racing_schedulers(engine, db, clock, model_files):
    """casework.bpmn's reminder (one working day before the deadline) fired by
    the scheduler through Engine.fire_timer, even with two schedulers asked."""
    from engine.cases.actors import Actor
    from engine.time.clock import TAIPEI
    engine.deploy(model_files("casework.bpmn"))
    clerk = Actor("clerk", "DOA", frozenset({"intake"}))
    ref = engine.start_case("casework", {"title": "路燈不亮", "category": "streetlight"},
                            actor=clerk, received_at=datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    with db.connect() as conn:
        first = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"])).scalar()
    engine.complete(first, clerk, {"responsible_agency": "EPB", "deadline_days": 6})
    a, b = (Scheduler(db, engine, clock=clock, recurring_jobs=False) for _ in range(2))
    assert a.fire_due() + b.fire_due() == 0               # not due yet
    clock.set(datetime(2026, 3, 9, 8, 30, 1, tzinfo=TAIPEI))
    assert a.fire_due() + b.fire_due() == 1
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state, timer.c.claimed_by)).one() == ("fired", a.worker)
        assert conn.execute(select(outbox.c.kind, outbox.c.recipient)).all() == [
            ("reminder", "epb@city.example")]


# ---- a timer whose firing keeps raising --------------------------------
class BrokenRuntime:
    def fire_timers(self, timer_ids, worker):
        raise RuntimeError("model expression divides by zero")

    def fire_timer(self, timer_id, worker=None):
        raise RuntimeError("model expression divides by zero")


def test_failing_timer_is_retried_after_the_lease_then_marked_failed(db):
    from engine.scheduling import timers
    from engine.data.schema import audit
    seed(db, 1, T0 - timedelta(seconds=1))
    clock = FixedClock(T0)
    sched = Scheduler(db, BrokenRuntime(), clock=clock, recurring_jobs=False, max_attempts=3,
                      lease=timedelta(seconds=60))
    for attempt in range(1, 4):
        assert sched.fire_due() == 0
        with db.connect() as conn:
            row = conn.execute(select(timer.c.state, timer.c.attempts, timer.c.last_error)).one()
        assert row.attempts == attempt and "divides by zero" in row.last_error
        assert row.state == ("claimed" if attempt < 3 else "failed")
        assert sched.fire_due() == 0              # not retried before the lease ends
        clock.at += timedelta(seconds=61)
        sched.reclaim()
    assert timer_states(db) == {"failed": 1}      # never retried again by itself
    with db.connect() as conn:
        assert conn.execute(select(audit.c.action).where(audit.c.action == "timer_failed")
                            ).scalars().all() == ["timer_failed"]
    with db.begin() as conn:
        assert timers.retry_failed(conn) == 1
    assert timer_states(db) == {"pending": 1}
