"""Planner statistics for the benches that fill a database by bulk INSERTs
(bench/inbox.py, bench/board.py): a live server has them from autovacuum."""
from __future__ import annotations

from sqlalchemy import text


def refresh(eng) -> None:
    """ANALYZE; on PostgreSQL VACUUM ANALYZE, which also sets the visibility
    map that index-only scans need."""
    if eng.dialect.name == "postgresql":
        with eng.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        return
    with eng.begin() as conn:
        conn.execute(text("ANALYZE"))

