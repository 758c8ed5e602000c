"""The petition's `handle` comes back to its officer (`keep_with="handle"`,
engine/cases/keeping.py): 林先生 asks for an extension, his supervisor
decides, and the handling loop's new `handle` is already his, claimed and
audited as a claim, while he is an active PWB officer; otherwise it waits
in PWB's queue as before. Driven through the engine with the injected clock.
"""
import json
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, insert, select, update

from engine.cases import casefile, kept
from engine.cases.actors import Actor
from engine.data.schema import app_user, audit

from .test_petition import new_case, register
from .test_petition_extension import CHIEF, ask_extension

LIN = Actor("pwb.lin", "PWB", frozenset({"officer"}))
CHANG = Actor("pwb.chang", "PWB", frozenset({"officer"}))


@pytest.fixture
def people(library):
    with library.db.begin() as conn:
        conn.execute(insert(app_user), [
            dict(username=a.username, password_hash="x", agency_code=a.agency,
                 roles=",".join(sorted(a.roles)), created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
            for a in (LIN, CHANG, CHIEF)])
    return library


def asked_by_lin(lib):
    """A petition at PWB's `handle`, claimed by 林先生, who asks for 5 more days."""
    cid = new_case(lib)
    register(lib, cid)
    lib.engine.claim(lib.task(cid, "handle").id, LIN)
    return cid, ask_extension(lib, cid, actor=LIN)


def set_user(lib, username, **values):
    with lib.db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == username).values(**values))


def claims(lib, cid):
    with lib.db.connect() as conn:
        rows = conn.execute(select(audit.c.actor, audit.c.task_id, audit.c.detail).where(
            audit.c.case_id == cid, audit.c.action == "claim").order_by(audit.c.id)).all()
    return [(r.actor, r.task_id, json.loads(r.detail)) for r in rows]


@pytest.mark.parametrize("approved", [True, False])
def test_the_new_handle_is_claimed_by_the_officer_who_asked(people, approved):
    cid, approve = asked_by_lin(people)
    people.engine.complete(approve.id, CHIEF, dict(extension_approved=approved, extension_days=5))
    handle = people.task(cid, "handle")
    assert handle.assignee == "pwb.lin"
    assert claims(people, cid)[-1] == (
        "pwb.lin", handle.id, {"element": "handle", "kept_with": "handle"})
    people.engine.complete(handle.id, LIN, dict(   # his, without claiming it again
        handling_action="reply", reply_text="已派員修補。", legal_basis="市區道路條例第9條"))
    assert people.case(cid).status == "completed"


def test_the_timeline_and_his_task_say_the_system_gave_it_back(people):
    """Not a claim 林先生 made: the timeline's own entry (engine/cases/kept.py)
    names the decision that handed it back; once he returns it and claims it
    again, it is his own claim."""
    cid, approve = asked_by_lin(people)
    people.engine.complete(approve.id, CHIEF, dict(extension_approved=True, extension_days=5))
    handle = people.task(cid, "handle")
    with people.db.connect() as conn:
        entries = casefile.timeline(conn, cid)
        assert kept.handed_back(entries, handle) == kept.HandedBack("pwb.lin", "approve_extension")
    given = [e for e in entries if e.action == kept.KEPT]
    assert [(e.actor, e.element, e.detail) for e in given] == [
        ("pwb.lin", "handle", [("kept_after", "approve_extension")])]
    assert [e.actor for e in entries if e.action == "claim"] == ["pwb.lin"]   # his first only
    people.engine.unclaim(handle.id, LIN)
    people.engine.claim(handle.id, LIN)
    with people.db.connect() as conn:
        assert kept.handed_back(casefile.timeline(conn, cid), people.task(cid, "handle")) is None


def test_an_officer_deactivated_meanwhile_leaves_it_to_the_queue(people):
    cid, approve = asked_by_lin(people)
    set_user(people, "pwb.lin", active=False)
    people.engine.complete(approve.id, CHIEF, dict(extension_approved=True, extension_days=5))
    assert people.task(cid, "handle").assignee is None
    assert [c[0] for c in claims(people, cid)] == ["pwb.lin"]   # only his own first claim


def test_an_officer_moved_to_another_agency_leaves_it_to_the_queue(people):
    cid, approve = asked_by_lin(people)
    set_user(people, "pwb.lin", agency_code="TRB")
    people.engine.complete(approve.id, CHIEF, dict(extension_approved=False))
    assert people.task(cid, "handle").assignee is None


def test_a_transfer_goes_to_the_new_agencys_queue(people):
    cid = new_case(people)
    register(people, cid)
    people.engine.complete(people.task(cid, "handle").id, LIN, dict(
        handling_action="transfer", competent_agency="TRB", transfer_reason="號誌屬交通局權責"))
    handle = people.task(cid, "handle")
    assert (handle.candidate_agency, handle.assignee) == ("TRB", None)


def test_the_first_handle_waits_in_the_queue(people):
    cid = new_case(people)
    register(people, cid)
    assert people.task(cid, "handle").assignee is None   # nobody handled it before


def test_the_decision_reads_who_asked_once(people):
    """not_by (who may not decide) and keep_with (who gets the next round)
    share one read of the audit trail in the approving command."""
    cid, approve = asked_by_lin(people)
    sent = []

    def record(_conn, _cursor, statement, *_):
        sent.append(" ".join(statement.split()).upper())
    event.listen(people.db, "before_cursor_execute", record)
    try:
        people.engine.complete(approve.id, CHIEF, dict(extension_approved=True, extension_days=5))
    finally:
        event.remove(people.db, "before_cursor_execute", record)
    assert people.task(cid, "handle").assignee == "pwb.lin"
    assert len([s for s in sent if "FROM AUDIT JOIN TASK" in s]) == 1
    assert not [s for s in sent if "FROM APP_USER" in s]
