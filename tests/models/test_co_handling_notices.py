"""A co-handled petition's reminders and escalations go to each co-handling
agency (bpmn/petition.bpmn: `notify('reminder', to=agency_code)`) and name
that agency and its own step, not the lead bureau (engine/cases/notices.py).
A reply to another agency still names its sender. Real model,
frozen clock: received Mon 03-02, co-handling due Mon 03-16."""
from sqlalchemy import select

from engine.data.schema import agency, outbox

from .conftest import at
from .test_petition import cross_case, give_opinions

NAMES = {"epb@city.example": "環境保護局", "pol@city.example": "警察局",
         "trb@city.example": "交通局"}


def _mail(lib, cid, kind):
    """The case's notices of `kind` by recipient: (subject, body)."""
    with lib.db.connect() as conn:
        rows = conn.execute(select(outbox.c.recipient, outbox.c.subject, outbox.c.body).where(
            outbox.c.case_id == cid, outbox.c.kind == kind).order_by(outbox.c.id)).all()
    return {r.recipient: (r.subject, r.body) for r in rows}


def test_each_co_handling_agencys_reminder_greets_that_agency_and_names_its_step(library):
    cid = cross_case(library)
    library.advance(days=11)           # Fri 03-13: one working day before 03-16
    mail = _mail(library, cid, "reminder")
    assert set(mail) == set(NAMES)
    for recipient, name in NAMES.items():
        subject, body = mail[recipient]
        assert f"{name} 承辦人您好" in body, body
        assert "經濟發展局" not in body                    # the lead is not the reader
        assert "「會辦意見」" in subject and "民國115年3月16日" in subject


def test_an_agency_that_already_answered_is_still_greeted_as_itself(library):
    cid = cross_case(library)
    epb = next(t for t in library.tasks(cid) if t.candidate_agency == "EPB")
    library.engine.complete(epb.id, _worker(epb), {"co_opinion_text": "將派員稽查", "co_agrees": True})
    library.advance(days=11)
    _, body = _mail(library, cid, "reminder")["epb@city.example"]
    assert "環境保護局 承辦人您好" in body and "經濟發展局" not in body


def test_an_overdue_co_handling_step_is_escalated_naming_its_own_agency(library):
    cid = cross_case(library)
    library.advance(days=15)           # Tue 03-17: overdue
    mail = _mail(library, cid, "escalation")
    assert set(mail) == set(NAMES)
    for recipient, name in NAMES.items():
        assert f"（承辦機關：{name}）" in mail[recipient][1]


def test_the_coordinator_is_told_which_bureau_leads(library):
    """The referral opens the coordination step at KCG: the notice names that
    step and the lead bureau (主辦機關), whose disagreement KCG settles, not
    KCG itself."""
    cid = cross_case(library)
    give_opinions(library, cid, disagree=("POL",))
    library.clock.set(at(2026, 3, 4))
    library.complete(cid, "consolidate", consolidated_opinion="警察局意見不同", agencies_agree=False)
    (recipient, body), = [(r, b) for r, (_, b) in _mail(library, cid, "escalation").items()]
    assert recipient == "kcg@city.example"
    assert "「共同上級協調」（承辦機關：經濟發展局）" in body
    assert "承辦機關：高雄市政府" not in body


def _worker(row):
    from .conftest import worker
    return worker(row)


def test_a_reply_to_another_agency_still_names_its_sender(library):
    """temp_staff_review answers the requesting bureau: `to=requesting_agency`
    is the reader, the department that decided is who replies."""
    from .test_temp_staff_review import request, to_panel
    cid = request(library)
    to_panel(library, cid)
    library.complete(cid, "record_decision", decision="approved", staff_kind="hourly",
                     headcount=96, decision_reason="依業務量核減")
    (recipient, (_, body)), = _mail(library, cid, "reply").items()
    responsible = library.case(cid).responsible_agency
    assert recipient == "epb@city.example" and responsible != "EPB"
    with library.db.connect() as conn:
        sender = conn.execute(select(agency.c.name_zh).where(agency.c.code == responsible)).scalar()
    assert f"{sender}答覆如下" in body and "環境保護局答覆" not in body
