"""Database engines and migrations."""
import time
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Connection, Engine

from . import audit

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


class ReadingConnection(Connection):
    """SQLite: a transaction begun by a statement (`engine.connect()` then a
    read) is deferred, so readers never wait for the write lock and never hold
    it; one begun on purpose (`engine.begin()`, `conn.begin()`) is a command and
    starts with BEGIN IMMEDIATE, so writers queue up on busy_timeout instead
    of failing with SQLITE_BUSY when upgrading from a read snapshot."""

    deferred = False

    def _autobegin(self) -> None:
        self.deferred = True
        try:
            super()._autobegin()
        finally:
            self.deferred = False


def _sqlite_begin(conn) -> None:
    # pysqlite's own transaction handling is off (isolation_level None): we send BEGIN.
    conn.exec_driver_sql("BEGIN" if getattr(conn, "deferred", False) else "BEGIN IMMEDIATE")


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
