"""engine/report/period.py: whose report covers the whole city follows the
project's one rule (engine/board/scope.sees_every_agency): the department's
supervisors and administrators; the department's officers and analysts,
like any agency's staff, read their own agency's rows."""
from __future__ import annotations

import pytest

from engine.board.scope import sees_every_agency
from engine.cases.queries import Viewer
from engine.report.period import Scope


@pytest.mark.parametrize("agency,roles,city", [
    ("DOA", {"supervisor"}, True), ("DOA", {"supervisor", "officer"}, True),
    ("EPB", {"admin"}, True), ("DOA", {"admin"}, True),
    ("DOA", {"officer"}, False), ("DOA", {"analyst", "officer"}, False), ("DOA", {"intake"}, False),
    ("PWB", {"supervisor"}, False), ("CPO", {"supervisor"}, False)])
def test_the_whole_city_is_for_whoever_sees_every_agency_on_the_board(agency, roles, city):
    viewer = Viewer("someone", agency, frozenset(roles))
    scope = Scope.of(viewer)
    assert scope.department == city == sees_every_agency(viewer)
    assert scope.agency == (None if city else agency)


def test_a_department_analyst_gets_the_department_s_rows_without_audits_or_services():
    scope = Scope.of(Viewer("analyst", "DOA", frozenset({"analyst", "officer"})))
    assert scope.agency == "DOA" and not scope.consumer
