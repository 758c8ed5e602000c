"""A bulk transfer (改分) to the agency whose tasks move is refused up front,
on the agency field: a supervisor only moves their own agency's tasks, so it
would move nothing. An administrator moves any agency's tasks: each task
already at the chosen agency is refused on its own (same_agency)."""
import pytest

from engine.cases import bulk
from engine.cases.actors import Actor
from engine.data.errors import InvalidData

CHIEF = Actor("wang", "EPB", frozenset({"supervisor"}))
ADMIN = Actor("root", "DOA", frozenset({"admin"}))


def test_a_supervisor_cannot_transfer_to_their_own_agency(engine, db):
    with db.connect() as conn, pytest.raises(InvalidData) as err:
        bulk.check(conn, bulk.Action("transfer", agency="EPB", reason="屬環保局權責"), CHIEF, 1)
    assert err.value.errors["agency"].code == "own_agency"
    assert set(err.value.errors) == {"agency"}


def test_another_agency_or_an_administrators_own_is_accepted(engine, db):
    with db.connect() as conn:
        bulk.check(conn, bulk.Action("transfer", agency="HEALTH", reason="屬衛生局權責"), CHIEF, 1)
        bulk.check(conn, bulk.Action("transfer", agency="DOA", reason="屬本處權責"), ADMIN, 1)
