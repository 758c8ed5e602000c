"""engine/report/scope.py: which agencies a viewer may choose for the period
report, as the deadline board decides what a supervisor sees (his agency
and those under it; the department's supervisor, the report's writers and
administrators any), and what his "all" holds."""
from __future__ import annotations

import pytest

from engine.cases.queries import Viewer
from engine.demo.reference import load_reference
from engine.report.scope import NotReadable, Scope, chosen, readable

CIVIL = Viewer("civilboss", "CIVIL", frozenset({"supervisor", "officer"}))
PWB = Viewer("pwbboss", "PWB", frozenset({"supervisor"}))
DEPT = Viewer("doaboss", "DOA", frozenset({"supervisor"}))


@pytest.fixture
def conn(db):
    load_reference(db, with_demo_users=False)   # the city's agencies, districts under 民政局
    with db.connect() as conn:
        yield conn


def test_a_supervisor_reads_his_agency_and_those_under_it(conn):
    codes = readable(conn, CIVIL)
    assert "CIVIL" in codes and "D-NANZI" in codes and len(codes) == 39
    assert "PWB" not in codes
    assert readable(conn, PWB) == {"PWB"}
    assert readable(conn, DEPT) is None     # the department's: every agency, and the whole city


def test_his_all_is_issued_by_his_agency_and_holds_the_ones_under_it(conn):
    scope = chosen(conn, CIVIL, None)
    assert scope.agency == "CIVIL" and len(scope.agencies) == 39 and "D-NANZI" in scope.agencies
    assert not scope.department and not scope.consumer
    assert chosen(conn, CIVIL, "") == scope
    assert chosen(conn, PWB, None) == Scope("PWB")
    assert chosen(conn, DEPT, None).department


def test_one_agency_chosen_is_that_agency_only(conn):
    assert chosen(conn, CIVIL, "D-NANZI").agencies == {"D-NANZI"}
    assert chosen(conn, CIVIL, " CIVIL ").agencies == {"CIVIL"}
    assert chosen(conn, DEPT, "PWB") == Scope("PWB")
    assert chosen(conn, DEPT, "CPO").consumer          # the consumer protection officer's own section


@pytest.mark.parametrize("viewer,code,known", [
    (CIVIL, "PWB", True), (PWB, "EPB", True), (PWB, "D-NANZI", True),
    (CIVIL, "NOPE", False), (DEPT, "NOPE", False),
    (Viewer("epb", "EPB", frozenset({"analyst"})), "PWB", True)])
def test_an_agency_outside_his_reach_is_refused_never_replaced(conn, viewer, code, known):
    with pytest.raises(NotReadable) as refused:
        chosen(conn, viewer, code)
    assert (refused.value.code, refused.value.known) == (code, known)
