"""The board's rollup of completed tasks (tables board_task_week and
board_task_delta, kept by the trigger of migration 0003).

A completing transaction only appends a delta row; `fold` moves the deltas
into the weekly rollup. Readers take rollup and deltas together, so a figure
is right whether or not the last deltas were folded yet.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, func, literal, select, text, union_all
from sqlalchemy.dialects import postgresql, sqlite

from engine.data.schema import board_task_delta as delta, board_task_week as week_t

KEYS = ("week", "agency", "process_key", "element_id", "days")
COUNTS = ("on_time", "with_due", "taken_secs", "allowed_secs")
# Any constant shared by the folding transactions of one PostgreSQL database.
FOLD_LOCK = 7_340_001


def fold(conn) -> int:
    """Move the pending deltas into the rollup; returns how many were moved."""
    if conn.dialect.name == "postgresql":
        return _fold_pg(conn)
    top = conn.execute(select(func.max(delta.c.id))).scalar()
    if top is None:
        return 0
    source = select(delta).where(delta.c.id <= top).subquery()
    moved = _upsert(conn, source, sqlite.insert)
    conn.execute(delete(delta).where(delta.c.id <= top))
    return moved


def _fold_pg(conn) -> int:
    # One folder at a time (the others skip: readers add unfolded deltas
    # anyway); DELETE ... RETURNING counts exactly the rows it removed.
    if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": FOLD_LOCK}).scalar():
        return 0
    moved = delete(delta).returning(*[delta.c[k] for k in (*KEYS, *COUNTS)]).cte("moved")
    return _upsert(conn, moved, postgresql.insert)


def _upsert(conn, source, insert_fn) -> int:
    keys = [source.c[k] for k in KEYS]
    sel = (select(*keys, func.count().label("completed"),
                  *[func.sum(source.c[k]).label(k) for k in COUNTS])
           .group_by(*keys).order_by(*keys))
    stmt = insert_fn(week_t).from_select([*KEYS, "completed", *COUNTS], sel)
    stmt = stmt.on_conflict_do_update(index_elements=list(KEYS), set_={
        k: week_t.c[k] + stmt.excluded[k] for k in ("completed", *COUNTS)})
    return conn.execute(stmt).rowcount or 0


def fold_if_pending(db) -> None:
    """Fold in a short transaction of its own, only when there is something to fold."""
    with db.connect() as conn:
        pending = conn.execute(select(delta.c.id).limit(1)).first()
    if pending is not None:
        with db.begin() as conn:
            fold(conn)


def rows(first_week: date, last_week: date, agencies=None, process: str | None = None):
    """A selectable of rollup-shaped rows (rollup plus unfolded deltas) for
    the weeks first_week..last_week (Mondays), optionally narrowed."""
    parts = []
    for t, completed in ((week_t, week_t.c.completed), (delta, literal(1))):
        q = select(*[t.c[k] for k in KEYS], completed.label("completed"),
                   *[t.c[k] for k in COUNTS]).where(t.c.week.between(first_week, last_week))
        if agencies is not None:
            q = q.where(t.c.agency.in_(sorted(agencies)))
        if process:
            q = q.where(t.c.process_key == process)
        parts.append(q)
    return union_all(*parts).subquery("board_rows")
