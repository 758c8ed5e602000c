"""A reply that cannot be e-mailed (a phone-only petitioner) goes to the intake
office to be delivered; the case closes only once it was, recorded how.
bpmn/petition.bpmn's send-reply part, driven through the engine with the
frozen clock (received Monday 2026-03-02 09:00 Asia/Taipei)."""
import pytest
from sqlalchemy import select

from engine.data.errors import InvalidData
from engine.data.schema import petitioner

from .conftest import at, day

PHONE_ONLY = {"name": "林阿婆", "phone": "07-1234567"}
REGISTER = dict(channel="phone", subject="水溝堵塞", content="巷口水溝堵塞", category="road_damage",
                district="D-NANZI", language="zh_TW", art173_ground="none")


@pytest.fixture
def replied(library):
    """A phone-only petitioner's case whose officer has just replied."""
    library.clock.set(at(2026, 3, 2))
    cid = library.start("petition", {"title": "水溝堵塞"}, petitioner=dict(PHONE_ONLY))
    library.complete(cid, "register", **REGISTER)
    library.complete(cid, "read_back", read_back_text="巷口水溝堵塞", read_back_confirmed=True)
    library.complete(cid, "handle", handling_action="reply", reply_text="已派員清疏。",
                     legal_basis="下水道法")
    return cid


def deliver(lib, cid, **form):
    lib.complete(cid, "deliver_reply", **form)


def test_the_reply_becomes_a_delivery_task_not_a_closed_case(library, replied):
    row = library.case(replied)
    assert row.status == "open"
    task = library.task(replied, "deliver_reply")
    assert (task.candidate_agency, task.candidate_role) == ("DOA", "intake")
    assert day(task.due_at) == "2026-03-03"              # the next working day
    assert library.notices(replied) == []                 # nothing was "sent" to nobody
    assert "notice_skipped" not in library.audit_actions(replied)
    assert "outcome" not in library.data(replied)
    assert "法令依據：下水道法" in library.wf_data(replied)["reply_letter"]   # what to read out


def test_reading_the_reply_by_phone_closes_the_case_recording_how(library, replied):
    library.clock.set(at(2026, 3, 3, 10, 30))
    deliver(library, replied, delivery_method="phone", delivery_note="3/3 10:20 電話告知本人，已宣讀答覆")
    row = library.case(replied)
    assert row.status == "completed"
    data = library.data(replied)
    assert (data["outcome"], data["reply_delivered_by"]) == ("replied", "phone")
    assert data["replied_at"] == "2026-03-03T10:30:00+08:00"
    assert data["delivery_note"].startswith("3/3 10:20")


def test_not_reached_gives_a_new_attempt_due_the_next_working_day(library, replied):
    library.clock.set(at(2026, 3, 6, 16))                # Friday
    deliver(library, replied, delivery_method="not_reached", delivery_note="無人接聽")
    assert library.case(replied).status == "open"
    again = library.task(replied, "deliver_reply")
    assert day(again.due_at) == "2026-03-09"              # Monday
    library.clock.set(at(2026, 3, 9, 9))
    deliver(library, replied, delivery_method="letter", delivery_note="依地址郵寄",
            petitioner_new_address="高雄市楠梓區某路1號")
    assert library.case(replied).status == "completed"
    assert library.data(replied)["reply_delivered_by"] == "letter"
    with library.db.connect() as conn:
        assert conn.execute(select(petitioner.c.address)).scalar() == "高雄市楠梓區某路1號"


def test_an_e_mail_address_given_on_the_phone_is_recorded_and_the_reply_sent(library, replied):
    deliver(library, replied, delivery_method="email", petitioner_new_email="lin@example.org")
    assert library.case(replied).status == "completed"
    kind, recipient, body = library.notices(replied)[-1]
    assert (kind, recipient) == ("reply", "lin@example.org") and "已派員清疏" in body
    assert library.data(replied)["reply_delivered_by"] == "email"
    assert "contact_recorded" in library.audit_actions(replied)
    with library.db.connect() as conn:
        assert conn.execute(select(petitioner.c.email)).scalar() == "lin@example.org"
    assert "lin@example.org" not in library.case(replied).summary   # identity stays out


def test_the_e_mail_choice_needs_the_address(library, replied):
    with pytest.raises(InvalidData) as err:
        deliver(library, replied, delivery_method="email")
    assert set(err.value.errors) == {"petitioner_new_email"}
    assert library.open_elements(replied) == ["deliver_reply"]


def test_an_undelivered_reply_is_escalated_once_overdue(library, replied):
    library.advance(days=1, hours=14)                    # Tuesday 3/3 23:00: still in time
    assert library.case(replied).escalation_level == 0
    library.advance(hours=2)                             # past the end of Tuesday
    assert library.notices(replied)[-1][:2] == ("escalation", "doa@city.example")
    assert library.case(replied).escalation_level == 1
    assert library.open_elements(replied) == ["deliver_reply"]   # still to be delivered
