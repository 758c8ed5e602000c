"""Reading the plans of the statements a call sends (tests of which index a
query takes, on SQLite and PostgreSQL)."""
from sqlalchemy import event, text


def statements(db, call) -> list:
    """(statement, parameters) of each SELECT or UPDATE `call(conn)` sends."""
    seen = []

    def keep(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().startswith(("SELECT", "UPDATE")):   # not the connection's PRAGMAs
            seen.append((statement, params))
    event.listen(db, "before_cursor_execute", keep)
    try:
        with db.connect() as conn:
            call(conn)
    finally:
        event.remove(db, "before_cursor_execute", keep)
    return seen


def plan(db, statement, params) -> str:
    """EXPLAIN (QUERY PLAN) of one statement, its lines joined."""
    with db.begin() as conn:
        if db.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            return "\n".join(r[-1] for r in rows)
        # An empty table is cheapest to read whole: make that and sorting dear,
        # so the plan shows whether an index gives the page's order at all.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            conn.execute(text(f"SET LOCAL {setting} = off"))
        rows = conn.exec_driver_sql("EXPLAIN " + statement, params).all()
        return "\n".join(r[0] for r in rows)
