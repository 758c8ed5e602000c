"""SQLite's write-ahead log checkpointed by a server's thread, not by COMMIT."""
import time

import pytest
from sqlalchemy import create_engine, text

from engine.data import checkpoints


@pytest.fixture
def stopped():
    yield
    checkpoints.stop_all()


def _fill(db, rows: int) -> None:
    with db.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, body TEXT)"))
    for i in range(rows):
        with db.begin() as conn:   # one commit each, as commands do
            conn.execute(text("INSERT INTO filler (body) VALUES (:b)"), {"b": "x" * 3000})


def _until(check, seconds=5.0):
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, "the checkpointer did not run"
        time.sleep(0.02)


def test_connections_leave_checkpoints_to_the_thread_up_to_the_fallback(sqlite_db):
    with sqlite_db.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == checkpoints.FALLBACK_PAGES
        assert conn.exec_driver_sql("PRAGMA journal_size_limit").scalar() == checkpoints.LOG_LIMIT


def test_commits_past_a_thousand_pages_do_not_checkpoint_themselves(sqlite_db):
    _fill(sqlite_db, 600)   # ~1,200 pages of log: SQLite's default would have checkpointed
    with sqlite_db.connect() as conn:
        busy, frames, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert frames > 1000 and copied == frames   # all still in the log until asked


def test_the_thread_copies_the_log_back_while_commands_write(sqlite_db, stopped):
    worker = checkpoints.start(sqlite_db, interval=0.05)
    _fill(sqlite_db, 200)
    rounds = worker.rounds
    _until(lambda: worker.rounds > rounds + 1)
    busy, frames, copied = worker.last
    assert busy == 0 and frames > 0 and copied == frames
    with sqlite_db.connect() as conn:   # nothing lost
        assert conn.exec_driver_sql("SELECT count(*) FROM filler").scalar() == 200


def test_one_thread_per_database_file_and_it_stops(sqlite_db, stopped):
    first = checkpoints.start(sqlite_db, interval=0.05)
    assert checkpoints.start(sqlite_db, interval=0.05) is first
    checkpoints.stop_all()
    assert not first.is_alive()


def test_nothing_to_checkpoint_in_memory_or_on_another_database():
    assert checkpoints.start(create_engine("sqlite://")) is None
    assert checkpoints.start(create_engine("postgresql+psycopg://u:p@localhost/x")) is None
