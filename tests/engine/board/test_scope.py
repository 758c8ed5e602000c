"""Who sees every agency (engine/board/scope.sees_every_agency): an
administrator and the supervisors of the department that coordinates
cross-agency cases; the board's scope and the team view's agency choice
(webapp/team_agency.py) both ask it."""
import pytest

from engine.board.scope import DEPARTMENT, board_scope, sees_every_agency
from engine.cases.queries import Viewer


@pytest.mark.parametrize("agency,roles,every", [
    (DEPARTMENT, {"supervisor", "officer"}, True), ("PWB", {"admin"}, True),
    (DEPARTMENT, {"officer"}, False), (DEPARTMENT, {"intake"}, False),
    ("PWB", {"supervisor"}, False)])
def test_who_sees_every_agency(agency, roles, every):
    viewer = Viewer("v", agency, frozenset(roles))
    assert sees_every_agency(viewer) is every
    if every:   # the board's whole city, without reading the agency tree
        assert board_scope(None, viewer) is None
