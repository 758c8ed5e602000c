"""An emptied database for the benches that fill one by bulk INSERTs
(bench/board.py, bench/same_petitioner.py)."""
from __future__ import annotations

from sqlalchemy import text

from engine.data.schema import metadata


def empty(conn) -> None:
    """Every table's rows gone (PostgreSQL: TRUNCATE, counters restarted)."""
    if conn.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # audit refuses TRUNCATE
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for t in reversed(metadata.sorted_tables):
            conn.execute(t.delete())
