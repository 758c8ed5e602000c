"""Bulk actions from the deadline board's case lists: a supervisor moves the
open tasks of the selected cases; an administrator cancels cases."""
from sqlalchemy import select
from webtest_support import held_by, ready_task

from engine.cases.actors import Actor
from engine.data.schema import case, outbox

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))
BOARD = {"board_figure": "open", "board_agency": "PWB"}


def claimed(app, rt, n):
    return [receipt for receipt, _ in held_by(app, rt, n)]


def test_the_case_list_carries_the_bulk_controls(app, rt, client_for):
    claimed(app, rt, 2)
    html = client_for("pwbboss").get("/board/list?figure=open&agency=PWB").get_data(as_text=True)
    assert 'id="bulk-form"' in html and html.count('name="case"') == 2
    assert 'value="cancel"' not in html   # only an administrator cancels
    admin = client_for("admin").get("/board/list?figure=open&agency=PWB").get_data(as_text=True)
    assert 'value="cancel"' in admin
    completed = client_for("pwbboss").get("/board/list?figure=completed&agency=PWB").get_data(as_text=True)
    assert 'id="bulk-form"' not in completed


def test_supervisor_returns_every_listed_case_to_the_queue(app, rt, client_for):
    cases = claimed(app, rt, 3)
    page = client_for("pwbboss").post("/board/list/bulk", data={
        **BOARD, "action": "return", "all_matching": "1"}).get_data(as_text=True)
    assert "3 件中已有 3 件退回機關待辦" in page
    assert {ready_task(rt, c.case_id).assignee for c in cases} == {None}


def test_a_supervisor_cannot_cancel_and_officers_cannot_post(app, rt, client_for):
    [receipt] = claimed(app, rt, 1)
    boss = client_for("pwbboss")
    resp = boss.post("/board/list/bulk", data={**BOARD, "action": "cancel", "reason": "測試",
                                               "case": [receipt.number]})
    assert resp.status_code == 422 and "請從選項中選擇一項動作" in resp.get_data(as_text=True)
    officer = client_for("pwb1")
    assert officer.post("/board/list/bulk", data={**BOARD, "action": "return",
                                                  "case": [receipt.number]}).status_code == 403
    assert ready_task(rt, receipt.case_id).assignee == "pwb1"


def test_admin_cancels_selected_cases_with_a_reason(app, rt, client_for, db):
    first, second = claimed(app, rt, 2)
    admin = client_for("admin")
    missing = admin.post("/board/list/bulk", data={**BOARD, "action": "cancel", "reason": "",
                                                   "case": [first.number]})
    html = missing.get_data(as_text=True)
    assert missing.status_code == 422 and 'id="bulk-reason-err">請填寫理由' in html
    assert f'value="{first.number}" id="pick-1"' in html and "checked" in html
    page = admin.post("/board/list/bulk", data={**BOARD, "action": "cancel", "reason": "測試案件",
                                                "case": [first.number]}).get_data(as_text=True)
    assert "1 件中已有 1 件註銷，並已通知陳情人" in page
    with db.connect() as conn:
        statuses = dict(conn.execute(select(case.c.number, case.c.status)).all())
        mails = conn.execute(select(outbox.c.body).where(outbox.c.kind == "cancellation")).scalars().all()
    assert statuses == {first.number: "cancelled", second.number: "open"}
    assert len(mails) == 1 and "測試案件" in mails[0]


def test_a_case_without_an_open_task_of_the_agency_is_reported(app, rt, client_for):
    [receipt] = claimed(app, rt, 1)
    page = client_for("admin").post("/board/list/bulk", data={
        **BOARD, "action": "transfer", "agency": "EPB", "reason": "屬環保局權責",
        "case": [receipt.number]}).get_data(as_text=True)
    assert "1 件中已有 1 件改分至環境保護局" in page
    again = client_for("pwbboss").post("/board/list/bulk", data={
        **BOARD, "action": "return", "case": [receipt.number]}).get_data(as_text=True)
    assert receipt.number in again and "貴機關在這件案件沒有待辦工作" in again


def test_the_petitioner_of_a_cancelled_case_reads_so_on_the_status_page(app, rt, client_for):
    [receipt] = claimed(app, rt, 1)
    client_for("admin").post("/board/list/bulk", data={**BOARD, "action": "cancel",
                                                       "reason": "重複登記", "case": [receipt.number]})
    citizen = app.test_client()
    citizen.post("/public/status", data={"number": receipt.number, "password": receipt.password},
                 headers={"Accept-Language": "zh-TW"})
    html = citizen.get("/public/status/case", headers={"Accept-Language": "zh-TW"}).get_data(as_text=True)
    status = html.split('id="case-status">')[1].split("</dd>")[0]
    assert "已取消" in status and 'id="reply-due"' not in html
