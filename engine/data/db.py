"""Database engines and migrations."""
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Connection, Engine

from . import audit, checkpoints
from .prepared import send
from .writer_queue import WriterQueue

ROOT = Path(__file__).resolve().parents[2]


def make_engine(url: str, **kw) -> Engine:
    """An engine tuned per dialect: SQLite in WAL mode with foreign keys on."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, connect_args={"timeout": 30}, **kw)
        eng._connection_cls = ReadingConnection
        event.listen(eng, "connect", _sqlite_pragmas)
        event.listen(eng, "begin", _sqlite_begin)
        if path and path != ":memory:":
            _queue_writers(eng, WriterQueue(path))
    else:
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        # Enough for a worker's threads and its scheduler: a connection beyond the
        # pool is opened (a new server process) and closed again for each use.
        kw.setdefault("pool_size", 10)
        eng = create_engine(url, **kw)
        event.listen(eng, "checkin", _idle_since)
        event.listen(eng, "checkout", _ping_if_idle)
    event.listen(eng, "begin", audit.forget_head)
    return eng


def reader(eng: Engine) -> Connection:
    """A connection that only reads. PostgreSQL: in autocommit, so its reads
    send no BEGIN and no ROLLBACK (two round trips a request); at READ
    COMMITTED, as here, each statement sees what was committed before it,
    in a transaction or not. SQLite: a deferred read transaction, one
    snapshot for all its reads (ReadingConnection)."""
    conn = eng.connect()
    if eng.dialect.name == "postgresql":
        conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn


class ReadingConnection(Connection):
    """SQLite: a transaction begun by a statement (`engine.connect()` then a
    read) is deferred, so readers never wait for the write lock and never hold
    it; one begun on purpose (`engine.begin()`, `conn.begin()`) is a command and
    starts with BEGIN IMMEDIATE, so writers queue up on busy_timeout instead
    of failing with SQLITE_BUSY when upgrading from a read snapshot."""

    deferred = False

    def _autobegin(self) -> None:
        before, self.deferred = self.deferred, True
        try:
            super()._autobegin()
        finally:
            self.deferred = before


def _sqlite_begin(conn) -> None:
    # pysqlite's own transaction handling is off (isolation_level None): we send
    # BEGIN, on the cursor (prepared.send: listeners still see it).
    if getattr(conn, "deferred", False):
        send(conn, "BEGIN")
        return
    queue, key = _queue_of(conn)
    if queue is not None:
        queue.take(key)
    try:
        send(conn, "BEGIN IMMEDIATE")
    except BaseException:
        if queue is not None:
            queue.give_back(key)
        raise


def _queue_writers(eng: Engine, queue: WriterQueue) -> None:
    """Writers of `eng` take turns on `queue` (engine/data/writer_queue.py),
    from their BEGIN IMMEDIATE (or write_after_snapshot) to the end of their
    transaction: the dialect's COMMIT and ROLLBACK give the turn back."""
    eng.writer_queue = queue
    dialect = eng.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def do_commit(dbapi_conn):
        try:
            commit(dbapi_conn)
        finally:
            queue.give_back(_key(dbapi_conn))

    def do_rollback(dbapi_conn):
        try:
            rollback(dbapi_conn)
        finally:
            queue.give_back(_key(dbapi_conn))
    dialect.do_commit, dialect.do_rollback = do_commit, do_rollback

    def dropped(dbapi_conn, *_args):
        # A connection invalidated or closed mid-transaction gets no ROLLBACK
        # from the dialect: its turn must not outlive it.
        if dbapi_conn is not None:
            queue.give_back(_key(dbapi_conn))
    for name in ("invalidate", "soft_invalidate", "close", "checkin"):
        event.listen(eng, name, dropped)


def _queue_of(conn) -> tuple:
    """(the engine's writer queue or None, the key of `conn`'s DBAPI connection)."""
    queue = getattr(conn.engine, "writer_queue", None)
    return (queue, _key(conn.connection)) if queue is not None else (None, None)


def _key(connection) -> int:
    """The DBAPI connection's identity, whether given it or the pool's proxy
    (SQLAlchemy hands the dialect either)."""
    return id(getattr(connection, "dbapi_connection", None) or connection)


# SQLite's refusals to let a read snapshot write: another connection holds the
# write lock (SQLITE_BUSY; no busy_timeout wait while holding a snapshot, which
# could deadlock) or committed since the snapshot began (SQLITE_BUSY_SNAPSHOT).
SNAPSHOT_REFUSALS = {5, 517}
OPTIMISTIC_ATTEMPTS = 3


class SnapshotMoved(Exception):
    """What a command read on its snapshot changed before it could write."""


def optimistic(eng: Engine, work):
    """`work(conn)` in one transaction, returning its result. SQLite: begun
    deferred, so `work` reads and computes on a snapshot without the write lock.
    A write in the middle of the work takes the lock there; when SQLite refuses
    it (someone wrote since the snapshot), or `write_after_snapshot` finds what
    the work read has changed, the transaction rolls back and `work` runs again
    from the start on a fresh snapshot, the last attempt with BEGIN IMMEDIATE so
    it cannot starve. `work` must have no effect outside the transaction.
    PostgreSQL: one plain transaction (its row locks already let commands
    compute side by side)."""
    if eng.dialect.name != "sqlite":
        with eng.begin() as conn:
            return work(conn)
    for attempt in range(1, OPTIMISTIC_ATTEMPTS + 1):
        try:
            with _sqlite_transaction(eng, deferred=attempt < OPTIMISTIC_ATTEMPTS) as conn:
                return work(conn)
        except Exception as err:
            if attempt == OPTIMISTIC_ATTEMPTS or not snapshot_refused(err):
                raise
            _wait_for_writer(eng)


def write_after_snapshot(conn, probe) -> None:
    """In an `optimistic` transaction, before the work's writes: take the write
    lock. `probe(conn)` is a write that says whether what the work read still
    holds (its case's version): it takes the lock too. If SQLite refuses the
    snapshot's write (another command wrote meanwhile, as it will under load),
    nothing was written yet, so the transaction starts again under the lock,
    keeping what was computed, and the probe decides; SnapshotMoved when it does
    not hold (the work then runs again). Outside `optimistic`: nothing to do."""
    if not getattr(conn, "deferred", False):
        return
    queue, key = _queue_of(conn)
    # Only tried: the work may have written already, holding SQLite's lock.
    queued = queue is not None and queue.take(key, wait=False)
    try:
        holds = probe(conn)
    except Exception as err:
        if not snapshot_refused(err):
            raise
        conn.exec_driver_sql("ROLLBACK")   # no SQLite lock held now: the queue may wait
        if queue is not None and not queued:
            queue.take(key)
        conn.exec_driver_sql("BEGIN IMMEDIATE")   # waits on busy_timeout like any command
        audit.forget_head(conn)
        holds = probe(conn)
    if not holds:
        raise SnapshotMoved()


@contextmanager
def _sqlite_transaction(eng: Engine, deferred: bool):
    with eng.connect() as conn:
        conn.deferred = deferred
        try:
            with conn.begin():
                yield conn
        finally:
            conn.deferred = False


def snapshot_refused(err: BaseException) -> bool:
    """Whether `err` (or what caused it: model code may wrap it) is SQLite
    refusing a snapshot's first write."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if isinstance(err, SnapshotMoved):
            return True
        orig = getattr(err, "orig", None)
        for e in (err, orig):
            if isinstance(e, sqlite3.OperationalError) and \
                    getattr(e, "sqlite_errorcode", None) in SNAPSHOT_REFUSALS:
                return True
        # SpiffWorkflow keeps the error a script raised in `exception`.
        err = getattr(err, "exception", None) or err.__cause__ or err.__context__
    return False


def _wait_for_writer(eng: Engine) -> None:
    """Let the writer that refused us commit first (busy_timeout queues us on
    the lock), so the next snapshot is not already stale."""
    with eng.connect() as conn:
        conn.begin().rollback()


IDLE_PING_SECONDS = 10


def _idle_since(_dbapi_conn, record) -> None:
    record.info["idle_since"] = time.monotonic()


def _ping_if_idle(dbapi_conn, record, _proxy) -> None:
    """pool_pre_ping, but only for a connection that sat idle a while: a busy
    server would pay a round trip per checkout (three per API request) for
    nothing. A dead connection is replaced: the pool retries the checkout."""
    if time.monotonic() - record.info.get("idle_since", 0.0) >= IDLE_PING_SECONDS:
        _ping(dbapi_conn)


def _ping(dbapi_conn) -> None:
    before = dbapi_conn.autocommit
    try:
        dbapi_conn.autocommit = True   # no transaction for the ping
        dbapi_conn.execute("SELECT 1")
        dbapi_conn.autocommit = before
    except Exception as err:
        raise exc.DisconnectionError() from err


def _sqlite_pragmas(dbapi_conn, _record):
    dbapi_conn.isolation_level = None  # autocommit at driver level; we send BEGIN
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()
    checkpoints.pragmas(dbapi_conn)


def migrate(url: str, revision: str = "head") -> None:
    """Bring the schema at `url` up to `revision` with Alembic."""
    alembic(url, "upgrade", revision)


def alembic(url: str, action: str, *args) -> None:
    """Run one Alembic command (upgrade, downgrade, check...) on `url`."""
    cfg = AlembicConfig(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    eng = make_engine(url)
    try:
        with eng.begin() as conn:
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, *args)
    finally:
        eng.dispose()
