"""A notice to an agency's mailbox is read by its staff, in Chinese: an
English petition's letters to the petitioner are English, its bureau's
reminders and the 補正 answer to the bureau are not."""
from sqlalchemy import select

from engine.cases import supplements
from engine.data.schema import outbox

from .conftest import at
from .test_petition import new_case, register, reply
from .test_supplement_timers import OFFICER, scheduler


def sent(lib, cid, kind):
    with lib.db.connect() as conn:
        return conn.execute(select(outbox).where(outbox.c.case_id == cid, outbox.c.kind == kind)
                            .order_by(outbox.c.id)).all()


def english_petition(lib):
    cid = new_case(lib)
    register(lib, cid, language="en")
    return cid


def test_the_bureaus_reminder_of_an_english_petition_is_in_chinese(library):
    cid = english_petition(library)
    library.clock.set(at(2026, 3, 20, 10, 0))          # past the handle step's reminder
    scheduler(library).fire_due()
    reminders = sent(library, cid, "reminder")
    assert reminders and all(n.locale == "zh_TW" for n in reminders)
    assert "辦理並擬復" in reminders[0].body and "Handle" not in reminders[0].body


def test_the_supplement_answer_to_the_bureau_is_in_chinese_with_roc_dates(library):
    cid = english_petition(library)
    handle = library.task(cid, "handle").id
    library.engine.claim(handle, OFFICER)
    library.engine.ask_supplement(handle, OFFICER, "Please give the house number.")
    library.engine.unclaim(handle, OFFICER)
    library.clock.set(at(2026, 3, 4, 10, 0))
    library.engine.answer_supplement(cid, supplements.PETITIONER, "No. 100, Zhongshan Rd.")
    (notice,) = sent(library, cid, "supplement_answered")
    assert notice.locale == "zh_TW" and notice.subject.startswith("已補正")
    assert "辦理並擬復" in notice.body and "民國115年" in notice.body


def test_the_petitioner_of_an_english_petition_still_reads_english(library):
    cid = english_petition(library)
    reply(library, cid, reply_text="The pothole was repaired.")
    (letter,) = sent(library, cid, "reply")
    assert letter.locale == "en" and "Dear petitioner" in letter.body
