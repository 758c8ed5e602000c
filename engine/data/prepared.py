"""Hot statements compiled once per dialect and sent through the DBAPI cursor.

`conn.execute(core_statement)` costs 60-100 us of Python per statement before
the driver sees it (cache key, compiled-cache look-up, execution context,
result metadata), several times what SQLite itself spends on a one-row
statement. A command sends about ten of them. `Prepared` keeps the Core
statement (so it is still written in one place and for both dialects),
compiles it once per dialect and column set, and runs it on the cursor of the
SQLAlchemy connection, inside its transaction, with the same bind and result
processing SQLAlchemy would apply. SQLAlchemy internals used (2.1; their
behaviour pinned by tests/engine/data/test_prepared.py): the compiled
statement's `_bind_processors` and `_result_columns`, a type's
`_cached_result_processor`, the connection's `_handle_dbapi_exception`,
`_has_events` and `_echo`.

Kept as SQLAlchemy does: before/after_cursor_execute listeners see every
statement (statement counters, tests), a driver error is handed to the
connection's error handling (wrapped as sqlalchemy.exc.*, a dropped
connection invalidated). Anything else takes the ordinary path: a connection
without a transaction (autobegin) or with `echo` on, a wrapper that gathers
writes (the timer batch's BatchConnection). Statements with expanding
parameters or Python-side column defaults are refused when first compiled.
"""
from __future__ import annotations

import threading
import weakref

from sqlalchemy import ARRAY, any_, bindparam, cast, exc, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import MultipleResultsFound, NoResultFound


_ALL: "weakref.WeakSet[Prepared]" = weakref.WeakSet()


def prepare_all(dialect) -> int:
    """Compile every Prepared statement (but keyed INSERTs) for `dialect` now,
    so a server's first commands do not (a warm-up); how many."""
    done = 0
    for prepared in list(_ALL):
        if not prepared.keyed and prepared.only in (None, dialect.name):
            prepared._form_for(dialect, None)
            done += 1
    return done


class Prepared:
    """One Core statement; `run(conn, params)` and `many(conn, rows)`."""

    def __init__(self, statement, *, keyed: bool = False, row=None, only: str | None = None):
        """`keyed`: an INSERT whose columns are the keys of the parameters
        (compiled once per key set); `row`: a class its rows are made into
        (a namedtuple), else plain tuples; `only`: the one dialect a
        dialect-specific statement (an upsert) is for."""
        self.statement, self.keyed, self.row, self.only = statement, keyed, row, only
        self._forms: dict = {}
        self._lock = threading.Lock()
        _ALL.add(self)

    def run(self, conn, params: dict | None = None):
        """Execute once; a result with rowcount, first/one/all/scalar/scalars."""
        if not _direct(conn):
            return self._ordinary(conn, params)
        form = self._form(conn, tuple(params) if self.keyed else None)
        return form.execute(conn, params or {}, self.row)

    def many(self, conn, rows: list[dict]):
        """executemany with the rows (one statement); the result has rowcount.
        PostgreSQL: one row is one execute, and a keyed INSERT's rows go as
        one INSERT of its columns' arrays (psycopg's executemany costs ~30 us
        of Python and a server execution per row: a completion upserts ~13
        task rows)."""
        if not _direct(conn):
            return conn.execute(self.statement, rows)
        keys = tuple(rows[0]) if self.keyed else None
        if conn.dialect.name == "postgresql":
            if len(rows) == 1:
                return self._form(conn, keys).execute(conn, rows[0], None)
            if self.keyed:
                return self._multi_row(conn, keys, rows)
        return self._form(conn, keys).execute_many(conn, rows)

    def _multi_row(self, conn, keys: tuple, rows: list[dict]):
        """One statement whatever the number of rows, its text the same each
        time: psycopg then parses it once and the server prepares it (a
        VALUES list of n rows was new text for each n, and past 50
        parameters psycopg parsed it again at every call: ~1 ms a completion)."""
        form = self._form_for(conn.dialect, ("arrays", keys))
        params = {f"{k}_all": [row[k] for row in rows] for k in keys}
        return Result(form.execute(conn, params, None).rowcount, None)

    def _ordinary(self, conn, params):
        res = conn.execute(self.statement, params)
        if res is None or not getattr(res, "returns_rows", False):
            return res   # a gathered write (timer batch) or a plain write
        rows = [tuple(r) for r in res]
        return Result(res.rowcount, [self.row(*r) for r in rows] if self.row else rows)

    def _form(self, conn, keys):
        return self._form_for(conn.dialect, keys)

    def _form_for(self, dialect, keys):
        """`keys`: None, an INSERT's columns, or ("arrays", columns) for its
        form that takes each column's values as one array (PostgreSQL)."""
        key = (dialect.name, dialect.driver, keys)
        form = self._forms.get(key)
        if form is None:
            with self._lock:
                form = self._forms.get(key) or self._compile(dialect, keys)
                self._forms[key] = form
        return form

    def _compile(self, dialect, keys):
        if not (keys and keys[0] == "arrays"):
            return _Form(self.statement, dialect, keys)
        _tag, columns = keys
        table = self.statement.table
        # SELECT unnest(:a), unnest(:b): set-returning functions in a select
        # list run in lockstep (PostgreSQL 10+), one row per index.
        arrays = [func.unnest(cast(bindparam(f"{k}_all", type_=ARRAY(table.c[k].type)),
                                   ARRAY(table.c[k].type))) for k in columns]
        return _Form(self.statement.from_select(list(columns), select(*arrays)), dialect, None)


def _direct(conn) -> bool:
    """A real connection in its transaction, not echoing statements to a log."""
    return isinstance(conn, Connection) and conn.in_transaction() and not conn._echo


class _Form:
    """The statement compiled for one dialect (and one set of INSERT columns)."""

    def __init__(self, statement, dialect, keys):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys else None)
        if compiled.literal_execute_params or compiled.post_compile_params \
                or compiled.escaped_bind_names:
            raise ValueError("expanding or escaped parameters cannot be prepared")
        if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
            raise ValueError("Python-side column defaults cannot be prepared")
        self.compiled, self.sql = compiled, compiled.string
        procs = compiled._bind_processors
        self.positional = compiled.positional
        names = compiled.positiontup if compiled.positional else list(compiled.bind_names.values())
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        # (name, processor, the value when not given): construct_params, unrolled once
        self.binds = [(name, procs.get(name), _given_or(by_name[name])) for name in names]
        self.names = list(names)
        self.columns = compiled._result_columns or []
        self.dialect = dialect
        self._row_procs = None

    def _params(self, params: dict):
        # One loop, no intermediate tuples: ~200 values a start (cProfile 7% of it).
        get = params.get
        values = []
        for name, proc, default in self.binds:
            value = get(name, default)
            if value is _REQUIRED:
                raise exc.InvalidRequestError(f"A value is required for bind parameter {name!r}")
            values.append(proc(value) if proc else value)
        if self.positional:
            return tuple(values)
        return dict(zip(self.names, values))

    def execute(self, conn, params: dict, row):
        cursor = _send(conn, self.sql, self._params(params), False)
        try:
            if cursor.description is None:
                return Result(cursor.rowcount, None)
            procs = self._processors(cursor)
            raw = cursor.fetchall()
        finally:
            cursor.close()
        if any(procs):
            raw = [tuple(p(v) if p else v for p, v in zip(procs, r)) for r in raw]
        return Result(-1, [row(*r) for r in raw] if row else raw)

    def execute_many(self, conn, rows: list[dict]):
        cursor = _send(conn, self.sql, [self._params(r) for r in rows], True)
        count = cursor.rowcount
        cursor.close()
        return Result(count, None)

    def _processors(self, cursor):
        if self._row_procs is None:
            types = [entry.type for entry in self.columns]
            procs = []
            for i, desc in enumerate(cursor.description):
                type_ = types[i] if i < len(types) else None
                procs.append(type_._cached_result_processor(self.dialect, desc[1]) if type_ else None)
            self._row_procs = procs
        return self._row_procs


_REQUIRED = object()


def _given_or(bind):
    """What a bind parameter takes when the call does not name it."""
    if bind.callable is not None:
        raise ValueError("bind parameters with callables cannot be prepared")
    return _REQUIRED if bind.required else bind.value


def send(conn, sql: str) -> None:
    """A statement without parameters or rows (BEGIN), on the cursor."""
    _send(conn, sql, (), False).close()


def _send(conn, sql, params, many):
    """The statement on the connection's DBAPI cursor, as Connection would send it."""
    cursor = conn.connection.dbapi_connection.cursor()
    events = conn._has_events or conn.engine._has_events
    try:
        if events:
            for fn in conn.dispatch.before_cursor_execute:
                sql, params = fn(conn, cursor, sql, params, None, many)
        if many:
            cursor.executemany(sql, params)
        else:
            cursor.execute(sql, params)
        if events:
            conn.dispatch.after_cursor_execute(conn, cursor, sql, params, None, many)
    except BaseException as err:
        cursor.close()
        conn._handle_dbapi_exception(err, sql, params, cursor, None)
    return cursor


class ForEach:
    """A statement run for each of several values of one parameter (the rows
    a command deletes or cancels): an executemany on SQLite, where a
    statement costs microseconds in-process; on PostgreSQL one statement
    with `column = ANY(array)`, not one server execution per value (a
    completion prunes ~12 finished workflow task rows)."""

    def __init__(self, make, column, name: str):
        """`make(condition)`: the statement with `condition` on `column` among
        its WHERE clauses; `name`: the parameter of one value."""
        self.name = name
        self.each = Prepared(make(column == bindparam(name)))
        self.any = Prepared(make(column == any_(bindparam(name, type_=ARRAY(column.type)))),
                            only="postgresql")

    def run(self, conn, params: dict, values: list):
        """The statement for each of `values`; the result has rowcount."""
        if _direct(conn) and conn.dialect.name == "postgresql":
            return self.any.run(conn, {**params, self.name: list(values)})
        return self.each.many(conn, [{**params, self.name: v} for v in values])


class Result:
    """The little of CursorResult the engine's hot statements use."""

    def __init__(self, rowcount: int, rows: list | None):
        self.rowcount, self._rows = rowcount, rows

    def __iter__(self):
        return iter(self._rows)

    def all(self) -> list:
        return list(self._rows)

    def first(self):
        return self._rows[0] if self._rows else None

    def one(self):
        if not self._rows:
            raise NoResultFound("No row was found when one was required")
        if len(self._rows) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return self._rows[0]

    def scalar(self):
        return self._rows[0][0] if self._rows else None

    def scalar_one(self):
        return self.one()[0]

    def scalars(self) -> list:
        return [r[0] for r in self._rows]

