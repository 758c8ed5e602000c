"""Exact medians of handling days from the rollup's histogram, in the database.

The rollup holds, per key, how many tasks took 0, 1, 2... days. A running sum
over the days (a window function, SQLite >= 3.25 and PostgreSQL) gives each
bucket the positions [lo, hi) it covers; only the buckets around the middle
come back to Python, a few rows per key instead of the whole histogram.
"""
from __future__ import annotations

from sqlalchemy import func, select


def medians(conn, src, key: str | None) -> dict:
    """{key value: median handling days} over the rollup rows `src`
    (grouped by column `key`, or overall under the key '' when None)."""
    hist_keys = [src.c[key]] if key else []
    hist = (select(*hist_keys, src.c.days, func.sum(src.c.completed).label("n"))
            .group_by(*hist_keys, src.c.days).subquery())
    part = [hist.c[key]] if key else []
    hi = func.sum(hist.c.n).over(partition_by=part, order_by=hist.c.days)
    total = func.sum(hist.c.n).over(partition_by=part)
    cum = select(*part, hist.c.days, (hi - hist.c.n).label("lo"), hi.label("hi"),
                 total.label("total")).subquery()
    # a superset of the buckets holding position (total-1)//2 or total//2
    near = select(cum).where(2 * cum.c.lo <= cum.c.total, 2 * cum.c.hi >= cum.c.total - 1)
    found: dict = {}
    for row in conn.execute(near):
        k = row[0] if key else ""
        found.setdefault(k, []).append((int(row.lo), int(row.hi), int(row.total), row.days))
    return {k: _middle(buckets) for k, buckets in found.items()}


def _middle(buckets) -> float:
    total = buckets[0][2]
    values = [days for m in ((total - 1) // 2, total // 2)
              for lo, hi, _, days in buckets if lo <= m < hi]
    return sum(values) / 2
