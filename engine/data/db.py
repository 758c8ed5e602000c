"""Database engines and migrations."""
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import create_engine, event
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
        kw.setdefault("pool_size", 20)  # one per gunicorn thread, and the scheduler's
        eng = create_engine(url, pool_pre_ping=True, **kw)
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
