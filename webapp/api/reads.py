"""One read connection per API request, shared by the token check and the
view's first reads.

The check opens it and parks it on `g`; `reads()` hands it to the view (or
opens one when there is none) and closes it when the block ends, so a command
that follows runs on its own connection with nothing of ours held open. A
request whose view never asks has it closed at teardown. Saved per request:
a pool checkout (and on SQLite a BEGIN and a ROLLBACK: on PostgreSQL the
connection reads in autocommit, engine/data/db.reader).
"""
from __future__ import annotations

from contextlib import contextmanager

from flask import g

from engine.data.db import reader

from ..extensions import db

_KEY = "api_reads"


def park(conn) -> None:
    """Keep `conn` (in a read transaction) for this request's first reads."""
    close_parked()
    setattr(g, _KEY, conn)


@contextmanager
def reads():
    """The parked connection, else a new one; closed when the block ends."""
    conn = g.pop(_KEY, None) or reader(db())
    try:
        yield conn
    finally:
        conn.close()


def close_parked(_exc=None) -> None:
    conn = g.pop(_KEY, None)
    if conn is not None:
        conn.close()
