"""The officer is told when the petitioner answers a 補正 request on the
status page: a 'supplement_answered' notice to the officer handling the
step (in their language), or to the agency's mailbox when nobody holds it
or the officer has no address; not when the officer records it himself."""
from datetime import datetime, timezone

from sqlalchemy import insert, select, update

from engine.cases import supplements
from engine.data.schema import agency, app_user, outbox, task

from .conftest import at
from .test_supplement_timers import OFFICER, waiting_case as asked

ANSWER = "坑洞在中山路100號前，電桿編號 A123"


def add_officer(lib, email, locale="zh_TW"):
    with lib.db.begin() as conn:
        conn.execute(insert(app_user).values(
            username=OFFICER.username, password_hash="x", display_name="王承辦", email=email,
            agency_code="PWB", roles="officer", locale=locale,
            created_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))


def waiting_case(lib, claim=True):
    """補正 asked on Wed 03-04 (test_supplement_timers.py), answered on Fri 03-06."""
    cid = asked(lib)
    if not claim:
        lib.engine.unclaim(lib.task(cid, "handle").id, OFFICER)
    lib.clock.set(at(2026, 3, 6, 10, 0))
    return cid


def answered(lib, cid):
    with lib.db.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.case_id == cid,
                                                 outbox.c.kind == "supplement_answered")).all()


def test_the_handling_officer_is_told_in_zh_tw_with_the_answer_and_new_deadline(library):
    add_officer(library, "wang@pwb.example")
    cid = waiting_case(library)
    library.engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    (notice,) = answered(library, cid)
    number = library.case(cid).number
    assert notice.recipient == "wang@pwb.example" and notice.locale == "zh_TW"
    assert notice.subject == f"已補正：案號 {number} 陳情人已補正資料"
    assert ANSWER in notice.body and "已於 民國115年3月6日 補正" in notice.body
    assert "順延至 民國115年3月12日" in notice.body   # Tue 03-10 moved by 2 working days
    assert "辦理並擬復" in notice.body and "handle" not in notice.body


def test_an_officer_reading_english_gets_it_in_english(library):
    add_officer(library, "wang@pwb.example", locale="en")
    cid = waiting_case(library)
    library.engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    (notice,) = answered(library, cid)
    assert notice.locale == "en" and notice.subject.startswith("Supplement received")
    assert "it is now 12 March 2026" in notice.body and "Handle and draft the reply" in notice.body


def test_an_unclaimed_step_tells_the_agency(library):
    cid = waiting_case(library, claim=False)
    library.engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    (notice,) = answered(library, cid)
    with library.db.connect() as conn:
        pwb_mail = conn.execute(select(agency.c.email).where(agency.c.code == "PWB")).scalar()
    assert pwb_mail and notice.recipient == pwb_mail and notice.locale == "zh_TW"
    assert notice.body.startswith("工務局 承辦人您好")


def test_the_officer_recording_the_answer_himself_is_not_told(library):
    add_officer(library, "wang@pwb.example")
    cid = waiting_case(library)
    handle = library.task(cid, "handle").id
    library.engine.answer_supplement(cid, OFFICER, ANSWER, task_id=handle)
    assert answered(library, cid) == []


def test_a_step_of_another_agency_greets_that_agency_not_the_cases_bureau(library):
    """The step the answer concerns is another agency's (e.g. co-handling):
    the notice goes to that agency's mailbox and greets it by name."""
    cid = waiting_case(library, claim=False)
    with library.db.begin() as conn:
        conn.execute(update(task).where(task.c.case_id == cid, task.c.state == "ready")
                     .values(candidate_agency="EPB"))
        epb_mail = conn.execute(select(agency.c.email).where(agency.c.code == "EPB")).scalar()
    library.engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    (notice,) = answered(library, cid)
    assert library.case(cid).responsible_agency == "PWB"
    assert epb_mail and notice.recipient == epb_mail
    assert notice.body.startswith("環境保護局 承辦人您好") and "工務局" not in notice.body


def test_an_officer_from_another_agency_is_greeted_as_the_steps_agency(library):
    add_officer(library, "wang@pwb.example")
    cid = waiting_case(library)
    with library.db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == OFFICER.username)
                     .values(agency_code="EPB"))
    library.engine.answer_supplement(cid, supplements.PETITIONER, ANSWER)
    (notice,) = answered(library, cid)
    assert notice.recipient == "wang@pwb.example"
    assert notice.body.startswith("工務局 承辦人您好")   # the step is PWB's: its agency greets
