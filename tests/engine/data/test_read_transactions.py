"""SQLite: reads never take the write lock; a command takes it from its start.

`engine.connect()` begins its transaction deferred (a reader holds no lock a
writer waits for and keeps its snapshot); `engine.begin()` begins IMMEDIATE so
two commands queue up instead of one failing on upgrading its read lock."""
import threading

from sqlalchemy import insert, select

from engine.data.schema import agency




def test_a_read_begins_deferred_and_a_command_immediate(sqlite_db, begins):
    seen = begins(sqlite_db)
    with sqlite_db.connect() as conn:
        conn.execute(select(agency.c.code)).all()
    with sqlite_db.begin() as conn:
        conn.execute(select(agency.c.code)).all()
    with sqlite_db.connect() as conn, conn.begin():
        conn.execute(select(agency.c.code)).all()
    assert seen == ["BEGIN", "BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]


def test_a_writer_does_not_wait_for_an_open_reader_which_keeps_its_snapshot(sqlite_db):
    def write():
        with sqlite_db.begin() as conn:
            conn.execute(insert(agency).values(code="NEW", name_zh="新", name_en="New"))
    with sqlite_db.connect() as reader:
        before = set(reader.execute(select(agency.c.code)).scalars())
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=5)
        assert not writer.is_alive()    # it did not wait for the reader's transaction
        assert set(reader.execute(select(agency.c.code)).scalars()) == before
    with sqlite_db.connect() as conn:
        assert "NEW" in set(conn.execute(select(agency.c.code)).scalars())


def test_a_reader_on_postgresql_sends_no_begin_and_its_connection_goes_back_whole(db):
    """engine/data/db.reader: on PostgreSQL a read-only connection reads in
    autocommit (no BEGIN, no ROLLBACK: two round trips a request); the next
    user of the pooled connection gets its transactions back as before. On
    SQLite it is a deferred read transaction, as any connect()."""
    import psycopg._connection_base as base
    from engine.data.db import reader
    sent = []
    with db.connect() as conn:   # the pool's first connection, and the dialect's first look
        conn.execute(select(agency.c.code)).all()
    if db.dialect.name == "postgresql":
        real = base.BaseConnection._exec_command

        def spy(self, command, *a, **k):
            sent.append(bytes(command))
            return real(self, command, *a, **k)
        base.BaseConnection._exec_command = spy
    try:
        with reader(db) as conn:
            assert conn.execute(select(agency.c.code)).all() is not None
        with db.connect() as conn:
            conn.execute(select(agency.c.code)).all()
            assert conn.in_transaction()
            if db.dialect.name == "postgresql":
                assert conn.connection.dbapi_connection.autocommit is False
    finally:
        if db.dialect.name == "postgresql":
            base.BaseConnection._exec_command = real
    if db.dialect.name == "postgresql":
        assert [c.split()[0] for c in sent] == [b"BEGIN", b"ROLLBACK"], sent   # the second one's only
