"""SQL helpers of the period report: values of the case `summary` JSON read
in the database (SQLite json_extract, PostgreSQL ->>), so counts are summed
there instead of parsing every row in Python."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, String, case as when, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from .clock import TAIPEI


class json_text(FunctionElement):
    """summary[key] as text (NULL when missing)."""
    type = String()
    inherit_cache = True
    name = "json_text"


class json_true(ColumnElement):
    """summary[key] is JSON true."""
    type = Integer()
    inherit_cache = True

    def __init__(self, column, key: str):
        self.column, self.key = column, key


@compiles(json_text)
def _json_text_sqlite(element, compiler, **kw):
    column, key = list(element.clauses)
    return f"json_extract({compiler.process(column, **kw)}, '$.' || {compiler.process(key, **kw)})"


@compiles(json_text, "postgresql")
def _json_text_pg(element, compiler, **kw):
    column, key = list(element.clauses)
    return f"(CAST({compiler.process(column, **kw)} AS jsonb) ->> {compiler.process(key, **kw)})"


@compiles(json_true)
def _json_true_sqlite(element, compiler, **kw):
    return f"(json_extract({compiler.process(element.column, **kw)}, '$.{element.key}') = 1)"


@compiles(json_true, "postgresql")
def _json_true_pg(element, compiler, **kw):
    return (f"(CAST({compiler.process(element.column, **kw)} AS jsonb) -> '{element.key}'"
            " = 'true'::jsonb)")


def count_if(condition, label: str):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END), portable to both databases."""
    return func.coalesce(func.sum(when((condition, 1), else_=0)), 0).label(label)


def iso_between(expr, lo: str, hi: str):
    """An ISO instant string in [lo, hi): the model writes every instant in
    Asia/Taipei with its offset (engine.clock.to_iso), so strings compare in order."""
    return (expr >= lo) & (expr < hi)


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=TAIPEI)


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in Asia/Taipei."""
    return day_start(start), day_start(end + timedelta(days=1))
