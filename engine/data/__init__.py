"""The database: tables (SQLAlchemy Core), engines and migrations, the
append-only audit trail, and the errors every command can end with.

Leaves of the engine: nothing here imports another part except the clock
(engine.time.clock); every other part reads and writes through `schema`.
"""
