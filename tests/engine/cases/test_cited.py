"""The case numbers a case's texts cite (engine/cases/cited.py): each once,
in the order first named; other runs of digits are no case number."""
from __future__ import annotations

from engine.cases.cited import numbers_in


def test_each_number_once_in_the_order_first_named():
    assert numbers_in("與案號 115-000123 同一路段", None, "前案 99-000001、115-000123") == \
        ["115-000123", "99-000001"]


def test_phone_numbers_dates_and_longer_runs_are_no_case_numbers():
    assert numbers_in("07-3368333 2026-03-10 0912-345678 1115-0001234 115-0001234", "") == []
