"""SQLite's writers take turns on the lock file (engine/data/writer_queue.py):
a writer of another process starts only once the holder's transaction has
ended, the turn is given back however a transaction ends, and a connection
that already writes is never made to wait on the queue."""
import fcntl
import multiprocessing
import os
import threading
import time

from sqlalchemy import event, insert, select, update

from engine.data.db import write_after_snapshot
from engine.data.schema import agency


def _add(conn, code):
    conn.execute(insert(agency).values(code=code, name_zh=code, name_en=code))


def _file_free(db) -> bool:
    """Whether another descriptor could take the queue's lock now."""
    fd = os.open(db.writer_queue.path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_a_write_transaction_holds_the_turn_until_it_ends(sqlite_db):
    assert _file_free(sqlite_db)
    with sqlite_db.begin() as conn:
        _add(conn, "A")
        assert not _file_free(sqlite_db)
    assert _file_free(sqlite_db)
    try:
        with sqlite_db.begin() as conn:
            _add(conn, "B")
            raise ValueError("the work fails")
    except ValueError:
        pass
    assert _file_free(sqlite_db)
    with sqlite_db.connect() as conn:     # a reader never queues
        conn.execute(select(agency.c.code)).all()
        assert _file_free(sqlite_db)
        assert [r.code for r in conn.execute(select(agency.c.code))] == ["A"]


def _hold_then_commit(url, started, ended, hold_seconds):
    from engine.data.db import make_engine
    eng = make_engine(url)
    with eng.begin() as conn:
        _add(conn, "FIRST")
        started.set()
        time.sleep(hold_seconds)
        # Stamped before the COMMIT: once it returns, the waiter may run before
        # this process is scheduled again (seen under load, 2 ms ahead).
        ended.value = time.time()


def test_a_writer_of_another_process_begins_once_the_holder_has_committed(sqlite_db):
    """The waiter is queued before SQLite: its BEGIN IMMEDIATE is sent after
    the holder's COMMIT (SQLite alone would have it sent at once, then poll).
    The parent opened its descriptor before the fork: the child opens its own."""
    with sqlite_db.begin() as conn:
        _add(conn, "ZERO")
    ctx = multiprocessing.get_context("fork")
    started, ended = ctx.Event(), ctx.Value("d", 0.0)
    holder = ctx.Process(target=_hold_then_commit,
                         args=(str(sqlite_db.url), started, ended, 0.4))
    holder.start()
    assert started.wait(30)
    sent = []
    event.listen(sqlite_db, "before_cursor_execute",
                 lambda _c, _cur, stmt, *_a: stmt == "BEGIN IMMEDIATE" and sent.append(time.time()))
    with sqlite_db.begin() as conn:
        _add(conn, "SECOND")
    holder.join(30)
    assert holder.exitcode == 0
    assert sent and sent[0] >= ended.value > 0
    with sqlite_db.connect() as conn:
        assert set(conn.execute(select(agency.c.code)).scalars()) == {"ZERO", "FIRST", "SECOND"}


def test_a_command_that_wrote_already_does_not_wait_on_the_queue(sqlite_db):
    """A deferred transaction that wrote holds SQLite's lock without a turn;
    a queued writer then waits in SQLite. The first must still finish, not
    wait on the queue behind the second (they would wait on each other)."""
    with sqlite_db.begin() as conn:
        _add(conn, "X")
    done = threading.Event()

    def queued_writer():
        with sqlite_db.begin() as conn:       # takes the turn, then waits in SQLite
            _add(conn, "QUEUED")
        done.set()
    with sqlite_db.connect() as conn:
        conn.deferred = True
        with conn.begin():
            conn.execute(update(agency).values(name_en="x"))   # SQLite's lock, no turn
            waiter = threading.Thread(target=queued_writer)
            waiter.start()
            deadline = time.time() + 10
            while _file_free(sqlite_db) and time.time() < deadline:
                time.sleep(0.01)
            assert not _file_free(sqlite_db)     # the other thread holds the turn
            write_after_snapshot(conn, lambda c: True)   # must not wait for it
            _add(conn, "MINE")
    waiter.join(30)
    assert done.is_set()
    with sqlite_db.connect() as conn:
        assert set(conn.execute(select(agency.c.code)).scalars()) == {"X", "MINE", "QUEUED"}


def test_a_lock_file_that_cannot_be_opened_leaves_the_queue_to_sqlite(tmp_path, caplog):
    """Another account's tool left the file unreadable (or the folder is
    read-only): writes go on, queued by SQLite alone, and the log says so."""
    from engine.data.db import make_engine, migrate
    url = f"sqlite:///{tmp_path / 'locked.sqlite'}"
    migrate(url)
    eng = make_engine(url)
    path = eng.writer_queue.path
    if os.path.exists(path):
        os.remove(path)
    os.mkdir(path)            # a directory where the lock file should be: open() fails
    try:
        with eng.begin() as conn:
            _add(conn, "STILL")
        with eng.connect() as conn:
            assert conn.execute(select(agency.c.code)).scalars().all() == ["STILL"]
        assert "wait in SQLite only" in caplog.text
    finally:
        eng.dispose()
        os.rmdir(path)


def test_a_connection_invalidated_mid_write_gives_its_turn_back(sqlite_db):
    """No ROLLBACK reaches the dialect for a connection dropped mid-transaction
    (SQLAlchemy invalidates it on a lost connection): the turn goes with it."""
    conn = sqlite_db.connect()
    trans = conn.begin()
    _add(conn, "LOST")
    assert not _file_free(sqlite_db)
    conn.invalidate()
    assert _file_free(sqlite_db)
    trans.rollback()
    conn.close()
    with sqlite_db.begin() as conn:       # the next writer is not kept waiting
        _add(conn, "NEXT")
    with sqlite_db.connect() as conn:
        assert conn.execute(select(agency.c.code)).scalars().all() == ["NEXT"]
