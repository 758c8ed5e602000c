"""Atomic claiming of due rows (timers, outbox) among competing processes.

One statement: UPDATE ... WHERE id IN (SELECT id ... LIMIT n FOR UPDATE SKIP
LOCKED) RETURNING. On PostgreSQL, SKIP LOCKED lets several workers claim
disjoint batches without waiting on each other; the row locks make a row
claimed by one transaction invisible to the others' subqueries. On SQLite
the FOR UPDATE clause compiles to nothing and the engine's BEGIN IMMEDIATE
(engine/data/db.py) serializes writers, which gives the same guarantee.
"""
from __future__ import annotations

from sqlalchemy import Table, select, update
from sqlalchemy.engine import Connection


def claim(conn: Connection, table: Table, *, where, order_by, limit: int,
          values: dict, returning) -> list:
    """Set `values` on up to `limit` rows matching `where`; return them."""
    pick = select(table.c.id).where(where).order_by(order_by).limit(limit)
    if conn.dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    stmt = (update(table).where(table.c.id.in_(pick.scalar_subquery()))
            .values(**values).returning(*returning))
    return list(conn.execute(stmt))
