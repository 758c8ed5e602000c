"""Counting rows that meet a condition inside one grouped statement: the
board's figures, the section chief's workload, the period report and the
model versions page each count several conditions in one pass."""
from __future__ import annotations

from sqlalchemy import case as when, func


def count_if(condition, label: str | None = None):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END), 0 over no rows (not NULL),
    portable to both databases; labelled when `label` is given."""
    counted = func.coalesce(func.sum(when((condition, 1), else_=0)), 0)
    return counted.label(label) if label else counted
