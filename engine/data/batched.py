"""PostgreSQL: a command's writes that need no answer, sent together.

Each statement is a round trip to the server: the client sends it, waits for
the server to execute it and answer, then sends the next. A completion's
workflow rows and task index rows are six such writes in a row (the top
row, the subprocess and task rows, the finished rows deleted, the new and
closed index rows), none of whose answers the command reads. psycopg's
pipeline mode sends them without waiting and reads the answers once, at the
end of the block: one wait instead of six. An error in any of them is raised
there, as SQLAlchemy raises it (wrapped, the transaction then rolled back).

Only writes sent through engine/data/prepared.py belong inside: in pipeline
mode a statement's rows and row count are not known until the block ends,
and SQLAlchemy's own execution reads them at once. SQLite: nothing to do (a
statement is a function call in the same process).
"""
from __future__ import annotations

from contextlib import contextmanager


@contextmanager
def batched_writes(conn):
    if conn.dialect.name != "postgresql":
        yield
        return
    dbapi_conn = conn.connection.dbapi_connection
    try:
        with dbapi_conn.pipeline():
            yield
    except conn.dialect.loaded_dbapi.Error as err:
        conn._handle_dbapi_exception(err, "(pipelined writes)", (), None, None)
