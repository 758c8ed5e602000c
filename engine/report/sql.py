"""SQL helpers of the period report: values of the case `summary` JSON read
in the database (SQLite json_extract, PostgreSQL ->>), so counts are summed
there instead of parsing every row in Python."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Integer, String, case as when, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from engine.data.schema import case


class parsed(FunctionElement):
    """The summary JSON ready for reading: PostgreSQL parses it to jsonb (do
    it once per row, in `parsed_rows`); SQLite reads the text directly."""
    type = String()
    inherit_cache = True
    name = "parsed"


class json_text(FunctionElement):
    """doc[key] as text (NULL when missing), `doc` from `parsed`."""
    type = String()
    inherit_cache = True
    name = "json_text"


class json_true(FunctionElement):
    """doc[key] is JSON true."""
    type = Integer()
    inherit_cache = True
    name = "json_true"


def _args(element, compiler, **kw):
    return [compiler.process(c, **kw) for c in element.clauses]


@compiles(parsed)
def _parsed_sqlite(element, compiler, **kw):
    return _args(element, compiler, **kw)[0]


@compiles(parsed, "postgresql")
def _parsed_pg(element, compiler, **kw):
    return f"CAST({_args(element, compiler, **kw)[0]} AS jsonb)"


@compiles(json_text)
def _json_text_sqlite(element, compiler, **kw):
    doc, key = _args(element, compiler, **kw)
    return f"json_extract({doc}, '$.' || {key})"


@compiles(json_text, "postgresql")
def _json_text_pg(element, compiler, **kw):
    doc, key = _args(element, compiler, **kw)
    return f"({doc} ->> {key})"


@compiles(json_true)
def _json_true_sqlite(element, compiler, **kw):
    doc, key = _args(element, compiler, **kw)
    return f"(json_extract({doc}, '$.' || {key}) = 1)"


@compiles(json_true, "postgresql")
def _json_true_pg(element, compiler, **kw):
    doc, key = _args(element, compiler, **kw)
    return f"(({doc} -> {key}) = 'true'::jsonb)"


def parsed_rows(*columns, where):
    """The case rows a section reads, with the summary parsed once per row as
    `doc`. OFFSET 0 keeps PostgreSQL from inlining the subquery, which would
    parse the JSON again for every value read."""
    return (select(*columns, parsed(case.c.summary).label("doc"))
            .where(*where).offset(0).subquery("rows"))


def iso_between(expr, lo: str, hi: str):
    """An ISO instant string in [lo, hi): the model writes every instant in
    Asia/Taipei with its offset (engine.clock.to_iso), so strings compare in order."""
    return (expr >= lo) & (expr < hi)


class json_number(FunctionElement):
    """doc[key] as a number: a JSON number, a numeric string ("12", as a form
    may keep it) or a boolean (true = 1); NULL otherwise."""
    type = Integer()
    inherit_cache = True
    name = "json_number"


@compiles(json_number)
def _json_number_sqlite(element, compiler, **kw):
    doc, key = _args(element, compiler, **kw)
    value = f"json_extract({doc}, '$.' || {key})"
    return (f"(CASE WHEN json_type({doc}, '$.' || {key}) IN ('integer', 'real', 'true', 'false') "
            f"THEN {value} WHEN trim({value}) GLOB '[0-9]*' AND trim({value}) NOT GLOB '*[^0-9.]*' "
            f"THEN CAST(trim({value}) AS REAL) END)")


@compiles(json_number, "postgresql")
def _json_number_pg(element, compiler, **kw):
    doc, key = _args(element, compiler, **kw)
    value = f"({doc} -> {key})"
    return (f"(CASE jsonb_typeof({value}) WHEN 'number' THEN ({doc} ->> {key})::numeric "
            f"WHEN 'boolean' THEN CASE WHEN {value} = 'true'::jsonb THEN 1 ELSE 0 END "
            f"WHEN 'string' THEN CASE WHEN btrim({doc} ->> {key}) ~ '^[0-9]+(\\.[0-9]+)?$' "
            f"THEN btrim({doc} ->> {key})::numeric END END)")


def sum_of(expr, label: str, where=None):
    """SUM of a numeric expression (0 when none), optionally only where `where`."""
    value = when((where, expr), else_=0) if where is not None else expr
    return func.coalesce(func.sum(value), 0).label(label)


def day_between(expr, period):
    """A model's date or local (Asia/Taipei) instant string on a day of the
    period: compared with the days themselves, so '2026-03-01' and
    '2026-03-01T09:00+08:00' both fall on 1 March."""
    return (expr >= period.start.isoformat()) & (expr < (period.end + timedelta(days=1)).isoformat())
