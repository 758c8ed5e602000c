"""Open data (開放資料): the report's figures per month as public datasets,
aggregates only. A dataset (engine/report/open_data_sets.py) names its fields
with their type and meaning (zh-TW/English: the data dictionary), the
processes it counts, and how its rows come from the report's figures: never
a name, an address, a phone number, an organisation or any free text.

A dataset has a file for each month from its first case's month to the
current one (Asia/Taipei); `month_period` reads 'YYYY-MM'.
"""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable

from sqlalchemy import func, select

from engine.cases.queries import Viewer
from engine.data.schema import agency, case
from engine.time.clock import TAIPEI
from .period import Period, choice_words

MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
PUBLIC = Viewer("open-data", "DOA", frozenset())   # reads as the department: every agency


@dataclass(frozen=True)
class Field:
    name: str
    type: str          # string, integer, number
    zh: str
    en: str


@dataclass(frozen=True)
class Dataset:
    key: str
    zh: str
    en: str
    about_zh: str
    about_en: str
    processes: tuple[str, ...]
    fields: tuple[Field, ...]
    rows: Callable   # (conn, period, now, names) -> list[dict], keys = field names


class Names:
    """Public names of codes: agencies from their table, choices from the
    latest deployed forms, fixed pairs given by a dataset; (zh, en)."""

    def __init__(self, conn):
        self.agencies = {r.code: (r.name_zh, r.name_en)
                         for r in conn.execute(select(agency.c.code, agency.c.name_zh, agency.c.name_en))}
        self.choices = choice_words(conn)

    def agency(self, code: str) -> tuple[str, str]:
        return self.agencies.get(code, (code, code))

    def choice(self, process: str, field: str, value: str) -> tuple[str, str]:
        return self.choices.get(process, {}).get(field, {}).get(value, (value, value))


def month_period(text: str) -> Period:
    """'2026-03' as the days of that month; ValueError when not YYYY-MM."""
    m = MONTH.fullmatch(text or "")
    if not m:
        raise ValueError(f"not a month (YYYY-MM): {text!r}")
    year, month = int(m.group(1)), int(m.group(2))
    if year < 1:
        raise ValueError(f"not a month: {text!r}")
    return Period(date(year, month, 1), date(year, month, monthrange(year, month)[1]))


def months(conn, dataset: Dataset, now: datetime) -> list[str]:
    """'YYYY-MM' from the month of the dataset's first case to this month, newest first."""
    first = conn.execute(select(func.min(case.c.received_at))
                         .where(case.c.process_key.in_(dataset.processes))).scalar()
    if first is None:
        return []
    y, m = _local(first).year, _local(first).month
    today = now.astimezone(TAIPEI).date()
    out = []
    while (y, m) <= (today.year, today.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out[::-1]


def _local(instant: datetime) -> datetime:
    if instant.tzinfo is None:   # SQLite hands back naive UTC
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(TAIPEI)


def table(conn, dataset: Dataset, month: str, now: datetime) -> list[dict]:
    """The dataset's rows for the month, each with exactly its fields."""
    period = month_period(month)
    rows = dataset.rows(conn, period, now, Names(conn))
    names = [f.name for f in dataset.fields]
    return [{"month": month, **{k: r.get(k) for k in names if k != "month"}} for r in rows]
