"""Every notice kind as its reader gets it, from the shipped models' own
`notify(...)` calls and the engine's notices (engine/cases/notices.py,
engine/scheduling/templates): agencies by name, never by code (the transfer's
`from_agency=transferred_from` is 高雄市政府工務局, or Public Works Bureau in
an English letter), dates in ROC, no ISO text, element id, English word or
Python repr in the Chinese text; the petitioner is answered 答覆, as the UI
says. Real models, frozen clock: received Mon 2026-03-02 09:00."""
import json
import re
from pathlib import Path

from sqlalchemy import select

from engine.cases import supplements
from engine.cases.actors import SYSTEM, Actor
from engine.cases.cancellation import cancel_case
from engine.data.schema import outbox
from engine.scheduling.recurring import daily_digest

from .conftest import at
from .test_consumer_complaint import mediate, new_case as complaint, to_mediation
from .test_petition import cross_case, give_opinions, new_case, register, reply
from .test_petition_repeat_notice import closed_as_repeat
from .test_supplement_timers import OFFICER, scheduler

AGENCIES = json.loads((Path(__file__).resolve().parents[2] / "bpmn/reference/agencies.json")
                      .read_text(encoding="utf-8"))
CODE = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(a["code"]) for a in AGENCIES))
ADMIN = Actor("admin", "DOA", frozenset({"admin"}))


def sent(lib, cid, kind):
    """(subject, body) of the case's last notice of `kind`."""
    with lib.db.connect() as conn:
        row = conn.execute(select(outbox.c.subject, outbox.c.body).where(
            outbox.c.case_id == cid, outbox.c.kind == kind).order_by(outbox.c.id.desc())).first()
    assert row is not None, f"no {kind} notice"
    return row.subject + "\n" + row.body


def readable_zh(text):
    """What a citizen or clerk reading Chinese must never see."""
    assert not re.search(r"[A-Za-z]", text), text          # a code, element id, English, None/True
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text  # an ISO date or instant
    assert not re.search(r"[\[\]{}'\"]", text), text         # a Python list or dict
    assert "答復" not in text, text
    return text


def readable_en(text):
    assert not CODE.search(text), text
    assert not re.search(r"\d{4}-\d{2}-\d{2}|[\[\]{}]|民國|[\u3400-\u9fff]", text), text
    return text


def signed(text):
    """The letter's last line: who signs it."""
    return text.rstrip().splitlines()[-1]


def english_petition(lib):
    cid = new_case(lib, title="Pothole")
    register(lib, cid, language="en", subject="Pothole", content="A pothole on Zhongshan Rd.")
    return cid


def test_the_transfer_names_both_agencies(library):
    cid = new_case(library)
    register(library, cid)
    library.clock.set(at(2026, 3, 4, 10))
    library.complete(cid, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責")
    text = readable_zh(sent(library, cid, "transfer"))
    assert "經查非屬高雄市政府工務局權責" in text and "已移送高雄市政府交通局辦理" in text
    assert signed(text) == "高雄市政府工務局"      # sent by the agency that transfers it (Art. 172)


def test_a_district_office_signs_as_the_citys(library):
    cid = new_case(library)
    register(library, cid)
    library.complete(cid, "handle", handling_action="transfer", competent_agency="D-GUSHAN",
                     transfer_reason="里內巷道屬區公所權責")
    assert signed(sent(library, cid, "transfer")) == "高雄市政府工務局"
    reply(library, cid)
    text = readable_zh(sent(library, cid, "reply"))
    assert "鼓山區公所答覆如下" in text and signed(text) == "高雄市鼓山區公所"


def test_an_english_transfer_names_them_in_english(library):
    cid = english_petition(library)
    library.complete(cid, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="Traffic signals are the Transportation Bureau's")
    said = " ".join(readable_en(sent(library, cid, "transfer")).split())
    assert "not within the competence of Public Works Bureau" in said
    assert "transferred to Transportation Bureau" in said
    assert signed(sent(library, cid, "transfer")) == "Public Works Bureau, Kaohsiung City Government"


def test_extension_reply_reminder_and_escalation(library):
    cid = new_case(library)
    register(library, cid)
    library.advance(days=7)            # Mon 03-09: the reminder, one working day before 03-10
    assert "工務局 承辦人您好" in readable_zh(sent(library, cid, "reminder"))
    assert "民國115年3月10日" in sent(library, cid, "reminder")
    library.advance(days=2)            # Wed 03-11: overdue
    assert "（承辦機關：工務局）" in readable_zh(sent(library, cid, "escalation"))
    library.complete(cid, "handle", handling_action="extension", extension_reason="需會勘現場",
                     extension_days=5)
    library.complete(cid, "approve_extension", extension_approved=True, extension_days=5)
    text = readable_zh(sent(library, cid, "extension"))
    assert "原預定於 民國115年3月10日 前答覆" in text and "展期至 民國115年3月17日" in text
    assert signed(text) == "高雄市政府工務局"
    reply(library, cid)
    text = readable_zh(sent(library, cid, "reply"))
    assert text.startswith("人民陳情案件答覆（案號") and "工務局答覆如下" in text
    assert signed(text) == "高雄市政府工務局"
    # The city's own reminders and escalations come from the city government.
    assert signed(sent(library, cid, "reminder")) == signed(sent(library, cid, "escalation")) \
        == "高雄市政府"


def test_an_english_extension_and_reply(library):
    cid = english_petition(library)
    library.complete(cid, "handle", handling_action="extension", extension_reason="A site visit",
                     extension_days=5)
    library.complete(cid, "approve_extension", extension_approved=True, extension_days=5)
    said = " ".join(readable_en(sent(library, cid, "extension")).split())
    assert "was due by 10 March 2026" in said and "to 17 March 2026" in said
    assert said.endswith(" Public Works Bureau, Kaohsiung City Government")
    reply(library, cid, reply_text="The pothole was filled.", legal_basis="Road Act Art. 9")
    text = readable_en(sent(library, cid, "reply"))
    assert "Public Works Bureau replies" in text
    assert text.startswith("Reply about your petition (case") and "Regarding your petition" in text
    assert signed(text) == "Public Works Bureau, Kaohsiung City Government"


def test_co_handling_notices_name_each_agency_and_the_lead(library):
    cid = cross_case(library)
    library.advance(days=11)           # Fri 03-13: the co-handling reminders
    with library.db.connect() as conn:
        bodies = conn.execute(select(outbox.c.subject, outbox.c.body).where(
            outbox.c.case_id == cid, outbox.c.kind == "reminder")).all()
    assert len(bodies) == 3
    for subject, body in bodies:
        readable_zh(subject + body)
    give_opinions(library, cid, disagree=("POL",))
    library.complete(cid, "consolidate", consolidated_opinion="警察局意見不同", agencies_agree=False)
    assert "（承辦機關：經濟發展局）" in readable_zh(sent(library, cid, "escalation"))


def test_receipt_cancellation_and_supplement(library):
    cid = new_case(library)
    register(library, cid)
    library.engine.execute(cid, SYSTEM, lambda cmd: cmd.notices.append(
        {"kind": "receipt", "to": "petitioner", "params": {}}))
    text = readable_zh(sent(library, cid, "receipt"))
    assert "已於 民國115年3月2日 受理" in text and "由工務局辦理，預定於 民國115年3月10日 前答覆" in text
    handle = library.task(cid, "handle").id
    library.engine.claim(handle, OFFICER)
    library.engine.ask_supplement(handle, OFFICER, "請補正坑洞的正確地址")
    text = readable_zh(sent(library, cid, "supplement"))
    assert "承辦機關工務局請您補正" in text and signed(text) == "高雄市政府工務局"
    library.clock.set(at(2026, 3, 4, 10))
    library.engine.answer_supplement(cid, supplements.PETITIONER, "中山路一百號前")
    text = readable_zh(sent(library, cid, "supplement_answered"))
    assert "已於 民國115年3月4日 補正" in text and "「辦理並擬復」" in text
    cancel_case(library.engine, cid, "重複登記", ADMIN)
    text = readable_zh(sent(library, cid, "cancellation"))
    # The city's petition desk registers and cancels: its letters are the city's.
    assert "註銷理由：重複登記" in text and signed(text) == "高雄市政府"
    assert signed(sent(library, cid, "receipt")) == "高雄市政府"


def test_english_receipt_cancellation_and_supplement(library):
    cid = english_petition(library)
    library.engine.execute(cid, SYSTEM, lambda cmd: cmd.notices.append(
        {"kind": "receipt", "to": "petitioner", "params": {}}))
    said = " ".join(readable_en(sent(library, cid, "receipt")).split())
    assert "received on 2 March 2026" in said and "handled by Public Works Bureau" in said
    handle = library.task(cid, "handle").id
    library.engine.claim(handle, OFFICER)
    library.engine.ask_supplement(handle, OFFICER, "Please give the house number.")
    text = readable_en(sent(library, cid, "supplement"))
    assert "Public Works Bureau asks you" in text
    assert signed(text) == "Public Works Bureau, Kaohsiung City Government"
    cancel_case(library.engine, cid, "Registered twice", ADMIN)
    assert "Reason: Registered twice" in readable_en(sent(library, cid, "cancellation"))


def test_repeat_notice(library):
    _, _, (_, _, subject, body) = closed_as_repeat(library)
    assert "民國115年3月2日" in readable_zh(subject + body)


def test_the_digest_greets_the_agency_by_name_on_an_roc_day(library):
    cid = new_case(library)
    register(library, cid)
    library.clock.set(at(2026, 3, 10, 8, 30))
    assert daily_digest(scheduler(library)) == 1
    with library.db.connect() as conn:
        subject, body = conn.execute(select(outbox.c.subject, outbox.c.body).where(
            outbox.c.kind == "digest", outbox.c.recipient == "pwb@city.example")).one()
    text = readable_zh(subject + body)
    assert text.startswith("民國115年3月10日 待辦案件摘要") and "工務局 您好" in text
    assert "辦理並擬復（民國115年3月10日）" in text


def test_a_consumer_is_answered_in_their_language_with_an_roc_date(library):
    cid = complaint(library, "mediation", has_prior_complaint=True, already_mediated=True)
    text = readable_zh(sent(library, cid, "reply"))
    assert "本件已經調解或仲裁，依消費者保護法不予受理。" in text
    cid = to_mediation(library)
    mediate(library, cid, "proposal")
    text = readable_zh(sent(library, cid, "reply"))
    assert "如有異議請於 民國115年3月12日 前提出" in text
    assert "消費者保護官答覆如下" in text and signed(text) == "高雄市政府消費者保護官"
    # A consumer complaint is named by its process, never called a petition (陳情).
    assert text.startswith("消費爭議案件答覆（案號") and "有關您的消費爭議案件「" in text
    assert "陳情" not in text


def test_a_step_its_model_left_unnamed_is_named_so_never_by_its_id(library):
    """A version deployed before unnamed steps were refused: the reminder and
    the agency's digest say 未命名步驟, never `handle`."""
    from engine.models import definitions
    from engine.models.validation.report import Report
    from .conftest import library_files
    files = library_files()
    named = '<bpmn:userTask id="handle" name="辦理並擬復 Handle and draft the reply">'
    assert named in files["petition.bpmn"].decode()
    files["petition.bpmn"] = files["petition.bpmn"].decode().replace(
        named, '<bpmn:userTask id="handle">').encode()
    with library.db.begin() as conn:
        definitions.deploy(conn, files, "system", library.clock.now(),
                           report=Report("deployable", [], ["petition"]))
    cid = new_case(library)
    register(library, cid)
    library.advance(days=7)            # Mon 03-09: the reminder
    reminder = sent(library, cid, "reminder")
    assert "「未命名步驟」" in reminder and "handle" not in reminder
    library.clock.set(at(2026, 3, 10, 8, 30))   # the day it falls due
    assert daily_digest(scheduler(library)) == 1
    with library.db.connect() as conn:
        digest = conn.execute(select(outbox.c.body).where(
            outbox.c.kind == "digest", outbox.c.recipient == "pwb@city.example")).scalar_one()
    assert "未命名步驟（民國115年3月10日）" in digest and "handle" not in digest
