"""engine/report/period.py: whose report covers the whole city follows the
project's one rule (engine/board/scope.reads_city_report): whoever sees every
agency on the board (the department's supervisors, administrators), and those
who write the council's report: the supervisors, analysts and officers of
the department and of the research and evaluation commission (RDEC), whose
staff track every agency's on-time rate. Any other viewer reads their own
agency's rows."""
from __future__ import annotations

import pytest

from engine.board.scope import reads_city_report, sees_every_agency
from engine.cases.queries import Viewer
from engine.report.scope import Scope


@pytest.mark.parametrize("agency,roles,city", [
    ("DOA", {"supervisor"}, True), ("DOA", {"supervisor", "officer"}, True),
    ("EPB", {"admin"}, True), ("DOA", {"admin"}, True),
    ("DOA", {"analyst", "officer"}, True), ("RDEC", {"supervisor"}, True), ("RDEC", {"analyst"}, True),
    ("DOA", {"officer"}, True), ("RDEC", {"officer"}, True), ("DOA", {"intake"}, False),
    ("PWB", {"officer"}, False),
    ("PWB", {"supervisor"}, False), ("EPB", {"supervisor"}, False), ("PWB", {"analyst"}, False),
    ("CPO", {"supervisor"}, False)])
def test_the_whole_city_is_for_those_who_write_the_council_report(agency, roles, city):
    viewer = Viewer("someone", agency, frozenset(roles))
    scope = Scope.of(viewer)
    assert scope.department == city == reads_city_report(viewer)
    assert scope.agency == (None if city else agency)


def test_the_report_s_writers_at_rdec_do_not_see_every_agency_s_board():
    # The board's wider rule stays the department's supervisors' and the administrators'.
    assert not sees_every_agency(Viewer("rdec", "RDEC", frozenset({"supervisor"})))


def test_another_agency_s_officer_gets_its_rows_without_audits_or_services():
    scope = Scope.of(Viewer("officer", "PWB", frozenset({"officer"})))
    assert scope.agency == "PWB" and not scope.consumer and not scope.department
