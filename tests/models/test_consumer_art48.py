"""The consumer complaint's calendar-day limits, to the hour (Administrative
Procedure Act Art. 48 IV): a limit whose last day is a rest Saturday ends at
noon of the following Monday; the business's 15 days and the 10-day objection
period, driven through bpmn/consumer_complaint.bpmn with the frozen clock."""
from datetime import datetime

from engine.time.calendar import TAIPEI

from .conftest import at

CONSUMER = {"name": "陳美玲", "email": "chen@example.org"}


def first_complaint(lib, when):
    lib.clock.set(when)
    cid = lib.start("consumer_complaint", {"title": "健身中心退費"}, petitioner=dict(CONSUMER))
    lib.complete(cid, "intake", request_type="first_complaint", category="fitness",
                 consumer_name="陳美玲", business_name="某健身中心", claim_text="解約未退費",
                 has_prior_complaint=False, already_mediated=False)
    return cid


def local(instant):
    return instant.astimezone(TAIPEI)


def test_the_business_15_days_ending_on_a_saturday_run_to_monday_noon(library):
    cid = first_complaint(library, at(2026, 3, 6, 10))          # Friday; +15 = Saturday 3/21
    due = library.task(cid, "business_response").due_at
    assert local(due) == datetime(2026, 3, 23, 12, 0, tzinfo=TAIPEI)
    library.advance(days=17, hours=1)                            # Monday 3/23 11:00
    assert library.open_elements(cid) == ["business_response"]
    library.advance(hours=2)                                     # 13:00: the limit is over
    assert library.open_elements(cid) == ["consumer_next"]


def test_the_10_day_objection_period_ending_on_a_saturday_runs_to_monday_noon(library):
    library.clock.set(at(2026, 3, 4, 10))                        # Wednesday
    cid = library.start("consumer_complaint", {"title": "健身中心退費"}, petitioner=dict(CONSUMER))
    library.complete(cid, "intake", request_type="mediation", category="fitness",
                     consumer_name="陳美玲", business_name="某健身中心", claim_text="解約未退費",
                     has_prior_complaint=True, already_mediated=False)
    library.complete(cid, "mediation_session", session_date="2026-03-04", members_present=7,
                     business_attended=True, session_result="proposal")
    window = library.task(cid, "objection_window")                # served Wed 3/4; +10 = Sat 3/14
    assert local(window.due_at) == datetime(2026, 3, 16, 12, 0, tzinfo=TAIPEI)
