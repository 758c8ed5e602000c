"""結案說明 on the staff's case panel (webapp/casepanel.py, macros/closing.html):
a petition closed as a repeat, under an Art. 173 ground or cancelled says why
in the words the citizen's status page uses, on the case page and beside a
task; the earlier case of a repeat is a link for staff who may open it. A
case with its reply, or still open, has no such section."""
from __future__ import annotations

from engine.cases.actors import Actor
from engine.cases.cancellation import cancel_case
from webtest_support import CLERK, REPLY, make_case, ready_task, section_text

OFFICER = Actor("pwb1", "PWB", frozenset({"officer"}))
ADMIN = Actor("admin", "DOA", frozenset({"admin"}))
REF = "高市工字第1150001234號"


def _work(rt, case_id, element, actor, form) -> str:
    step = ready_task(rt, case_id, element)
    rt.claim(step.id, actor)
    rt.complete(step.id, actor, form)
    return step.id


def _repeat(app, rt, **over):
    """(the earlier case's receipt, the repeat's, the clerk's close_repeat task):
    the clerk cites the bureau's reply."""
    earlier = make_case(app, rt)
    _work(rt, earlier.case_id, "handle", OFFICER, REPLY)
    repeat = make_case(app, rt, art173_ground="repeat", **over)
    cited = _work(rt, repeat.case_id, "close_repeat", CLERK, {
        "earlier_case": earlier.number, "earlier_reply_date": "2026-03-02",
        "earlier_reply_number": REF})
    return earlier, repeat, cited


def _page(client, number) -> str:
    resp = client.get(f"/cases/{number}")
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def test_the_clerk_reads_why_a_repeat_closed_and_opens_the_earlier_case(app, rt, client_for):
    earlier, repeat, _ = _repeat(app, rt)
    page = _page(client_for("clerk"), repeat.number)
    said = section_text(page, "cp-closing-h")
    assert said.startswith("結案說明")
    assert (f"本案與 {earlier.number} 號陳情為同一事由，已依該案民國115年3月2日 {REF} 答覆辦理，"
            "不另行答覆。") in said
    assert "法令依據：行政程序法第173條" in said and f"前案： {earlier.number} 路燈不亮 已結案" in said
    assert f'<a class="case-number" href="/cases/{earlier.number}">{earlier.number}</a>' in page
    assert "/public/status" not in page                      # the citizen's look-up is not the staff's


def test_in_english_too(app, rt, client_for):
    earlier, repeat, _ = _repeat(app, rt)
    clerk = client_for("clerk")
    clerk.post("/lang/en", data={"next": "/inbox"})           # staff choose their language
    said = section_text(_page(clerk, repeat.number), "cp-closing-h")
    assert said.startswith("How this case was closed")
    assert f"same matter as petition {earlier.number}, which was answered on 2026-03-02 ({REF})" in said
    assert f"The earlier case: {earlier.number} " in said


def test_an_art173_closure_and_a_cancellation_say_why(app, rt, client_for):
    art173 = make_case(app, rt, art173_ground="no_content")
    clerk = client_for("clerk")
    said = section_text(_page(clerk, art173.number), "cp-closing-h")
    assert "本案經審查屬「無具體內容」，依規定不予處理，僅登記存查。" in said
    assert "法令依據：行政程序法第173條" in said and "前案" not in said
    cancelled = make_case(app, rt)
    cancel_case(rt, cancelled.case_id, "測試案件，請勿處理", ADMIN)
    said = section_text(_page(client_for("doaboss"), cancelled.number), "cp-closing-h")
    assert said.startswith("註銷說明")
    assert "本案已註銷，不再續行處理。" in said and "理由：測試案件，請勿處理" in said


def test_the_task_page_panel_says_it_too(app, rt, client_for):
    earlier, _, cited = _repeat(app, rt)
    page = client_for("clerk").get(f"/tasks/{cited}").get_data(as_text=True)
    said = section_text(page, "cp-closing-h")
    assert f"本案與 {earlier.number} 號陳情為同一事由" in said and "已結案" in page


def test_a_replied_or_open_case_has_no_closing_words(app, rt, client_for, registered_case):
    pwb = client_for("pwb1")
    task = ready_task(rt, registered_case.case_id, "handle")
    pwb.post(f"/tasks/{task.id}/claim")
    assert 'id="cp-closing-h"' not in pwb.get(f"/tasks/{task.id}").get_data(as_text=True)
    replied = make_case(app, rt)
    _work(rt, replied.case_id, "handle", OFFICER, REPLY)
    page = _page(pwb, replied.number)
    assert 'id="cp-reply-h"' in page and 'id="cp-closing-h"' not in page
