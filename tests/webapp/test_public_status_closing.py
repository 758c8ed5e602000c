"""The citizen's status page when a case closed with no reply of its own: a
repeat petition cites the earlier case (its number, the date and number of
its reply; that reply's text only to its own petitioner), an Art. 173 ground
says it in the model's words with the legal basis, a cancellation gives its
reason, in zh-TW and in English; the rating is asked for only below what
there is to read, and the reply is headed 答覆內容 as everywhere else."""
from __future__ import annotations

from sqlalchemy import select

from engine.cases import closing
from engine.cases.actors import Actor
from engine.cases.cancellation import cancel_case
from engine.data.schema import case
from webtest_support import CLERK, REPLY, make_case, page_text, ready_task, section_text

ZH = {"Accept-Language": "zh-TW"}
EN = {"Accept-Language": "en"}
OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
ADMIN = Actor("admin", "DOA", frozenset({"admin"}))
MING = {"name": "王小明", "phone": "0912345678", "email": "ming@example.tw"}
HUA = {"name": "林小華", "phone": "0933111222", "email": "hua@example.tw"}
REF = "高市工字第1150001234號"
EARLIER_REPLY = "已派員修復路燈，並加強巡查。"


def answered(app, rt, person=MING, **over):
    """An earlier petition answered by the bureau (closed, its reply e-mailed)."""
    receipt = make_case(app, rt, person=dict(person), **over)
    handle = ready_task(rt, receipt.case_id, "handle")
    rt.claim(handle.id, OFFICER)
    rt.complete(handle.id, OFFICER, {**REPLY, "reply_text": EARLIER_REPLY})
    return receipt


def repeat_of(app, rt, earlier, person=MING, **over):
    """A petition the clerk closed as a repeat of `earlier`, citing its reply."""
    receipt = make_case(app, rt, person=dict(person), art173_ground="repeat", **over)
    task = ready_task(rt, receipt.case_id, "close_repeat")
    rt.claim(task.id, CLERK)
    rt.complete(task.id, CLERK, {"earlier_case": earlier.number, "earlier_reply_date": "2026-03-02",
                                 "earlier_reply_number": REF})
    return receipt


def status(app, receipt, headers=ZH) -> str:
    client = app.test_client()
    client.post("/public/status", data={"number": receipt.number, "password": receipt.password},
                headers=headers)
    return client.get("/public/status/case", headers=headers).get_data(as_text=True)


def test_a_repeat_cites_the_earlier_case_and_its_reply_not_another_persons_words(app, rt):
    earlier = answered(app, rt, person=HUA)
    repeat = repeat_of(app, rt, earlier)
    page = status(app, repeat)
    said = section_text(page, "closing-h")
    assert said.startswith("結案說明")
    assert (f"本案與 {earlier.number} 號陳情為同一事由，已依該案民國115年3月2日 {REF} 答覆辦理，"
            "不另行答覆。") in said
    assert "法令依據：行政程序法第173條" in said
    assert EARLIER_REPLY not in page                     # another petitioner's reply
    assert f'href="/public/status?number={earlier.number}"' in page
    assert "已結案" in page_text(page)


def test_the_same_petitioner_reads_the_earlier_reply_again(app, rt):
    earlier = answered(app, rt)
    repeat = repeat_of(app, rt, earlier, person={**MING, "email": "", "phone": "+886 912-345-678"})
    said = section_text(status(app, repeat), "closing-h")
    assert f"{earlier.number} 號陳情的答覆" in said and EARLIER_REPLY in said
    assert "法令依據：道路管理自治條例" in said


def test_an_english_repeat_is_explained_in_english(app, rt):
    earlier = answered(app, rt, person=HUA)
    repeat = repeat_of(app, rt, earlier, language="en", subject="Street light out")
    said = section_text(status(app, repeat, EN), "closing-h")
    assert said.startswith("How this case was closed")
    assert (f"This petition concerns the same matter as petition {earlier.number}, which was "
            f"answered on 2026-03-02 ({REF}); that reply stands") in said
    assert "Legal basis: Article 173 of the Administrative Procedure Act" in said


def test_an_art173_closure_says_its_ground_in_the_models_words(app, rt):
    receipt = make_case(app, rt, art173_ground="no_content")
    page = status(app, receipt)
    said = section_text(page, "closing-h")
    assert "本案經審查屬「無具體內容」，依規定不予處理，僅登記存查。" in said
    assert "法令依據：行政程序法第173條" in said and 'href="/public/petition"' in page
    english = section_text(status(app, receipt, EN), "closing-h")
    assert "registered for the record only and not handled: “No concrete content”." in english
    assert "(Art. 173)" not in english


def test_the_rating_is_asked_for_below_what_there_is_to_read(app, rt):
    page = status(app, make_case(app, rt, art173_ground="no_identity"))
    assert "未具真實姓名或聯絡方式" in section_text(page, "closing-h")
    assert page.index('id="closing-h"') < page.index('id="rate-h"') < page.index('id="rating-form"')
    under_way = status(app, make_case(app, rt))
    assert 'id="rate-h"' not in under_way and 'id="closing-h"' not in under_way


def test_a_cancelled_case_gives_its_reason(app, rt):
    receipt = make_case(app, rt)
    cancel_case(rt, receipt.case_id, "重複登記，請以 115-000001 號案查詢", ADMIN)
    page = status(app, receipt)
    said = section_text(page, "closing-h")
    assert "本案已註銷，不再續行處理。" in said and "理由：重複登記，請以 115-000001 號案查詢" in said
    assert 'id="rating-form"' not in page


def test_the_reply_is_headed_as_everywhere_else(app, rt):
    page = status(app, answered(app, rt))
    assert 'id="reply-h">答覆內容<' in page and "答復" not in page
    assert 'id="closing-h"' not in page


def test_the_earlier_cases_look_up_comes_with_its_number(app):
    page = app.test_client().get("/public/status?number=115-000123", headers=ZH).get_data(as_text=True)
    assert 'value="115-000123"' in page


def test_a_case_closed_otherwise_is_not_left_without_words(app, rt, db):
    receipt = answered(app, rt)
    with db.connect() as conn:
        row = conn.execute(select(case).where(case.c.id == receipt.case_id)).one()
        assert closing.why(conn, row, {"reply_text": "x"}) is None
        assert closing.why(conn, row, {}).kind == closing.CLOSED   # another model's ending


def test_the_same_petitioner_is_the_same_name_and_a_same_way_to_reach_them(app, rt, db):
    one = make_case(app, rt, person=dict(MING))
    same = make_case(app, rt, person={"name": "王 小明", "email": "Ming@Example.tw"})
    namesake = make_case(app, rt, person={"name": "王小明", "email": "other@example.tw"})
    nameless = make_case(app, rt, person={"name": "", "email": MING["email"]})
    with db.connect() as conn:
        assert closing.same_petitioner(conn, one.case_id, same.case_id)
        assert not closing.same_petitioner(conn, one.case_id, namesake.case_id)
        assert not closing.same_petitioner(conn, nameless.case_id, one.case_id)
