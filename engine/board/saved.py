"""Board filters a user saved by name (table saved_filter, page 'board')."""
from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from engine.data.schema import saved_filter

PAGE = "board"
MAX_NAME = 120


def list_saved(conn, user_id: int) -> list:
    return conn.execute(select(saved_filter.c.id, saved_filter.c.name, saved_filter.c.query)
                        .where(saved_filter.c.user_id == user_id, saved_filter.c.page == PAGE)
                        .order_by(saved_filter.c.name)).all()


def save(conn, user_id: int, name: str, query: str) -> None:
    """Keep `query` under `name`; saving a name again replaces its query."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"a filter name has 1 to {MAX_NAME} characters")
    where = (saved_filter.c.user_id == user_id, saved_filter.c.page == PAGE,
             saved_filter.c.name == name)
    if conn.execute(update(saved_filter).where(*where).values(query=query)).rowcount == 0:
        conn.execute(insert(saved_filter).values(user_id=user_id, page=PAGE, name=name,
                                                 query=query))


def remove(conn, user_id: int, filter_id: int) -> bool:
    """Delete one of the user's own filters; False when there is no such filter."""
    res = conn.execute(delete(saved_filter).where(
        saved_filter.c.id == filter_id, saved_filter.c.user_id == user_id,
        saved_filter.c.page == PAGE))
    return res.rowcount > 0
