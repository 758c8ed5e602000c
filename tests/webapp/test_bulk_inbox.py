"""Bulk actions from the inbox's whole-agency list: a supervisor moves many
tasks at once; officers neither see the controls nor may post them."""
import re

from sqlalchemy import select
from webtest_support import REPLY, held_by, ready_task

from engine.cases.actors import Actor
from engine.data.schema import audit, task

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))


def test_officers_see_no_bulk_controls_and_a_crafted_post_is_refused(app, rt, client_for):
    [(_, t)] = held_by(app, rt, 1)
    officer = client_for("pwb2")
    html = officer.get("/inbox?view=team").get_data(as_text=True)
    assert 'id="bulk-form"' not in html and "整個機關" not in html
    resp = officer.post("/inbox/bulk", data={"action": "return", "task": f"{t.id}|pwb1"})
    assert resp.status_code == 403
    assert ready_task(rt, t.case_id).assignee == "pwb1"


def test_supervisor_reassigns_the_selected_tasks_and_reads_the_summary(app, rt, client_for):
    cases = held_by(app, rt, 3)
    boss = client_for("pwbboss")
    html = boss.get("/inbox?view=team&assignee=pwb1").get_data(as_text=True)
    assert 'id="bulk-form"' in html and html.count('name="task"') == 3
    picked = [f"{t.id}|pwb1" for _, t in cases[:2]]
    resp = boss.post("/inbox/bulk", data={"action": "reassign", "officer": "pwb2", "task": picked})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "2 件中已有 2 件改由 pwb2 辦理" in page
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases] == ["pwb2", "pwb2", "pwb1"]
    with rt.db.connect() as conn:
        assert conn.execute(select(audit.c.actor).where(audit.c.action == "reassign")).scalars().all() \
            == ["pwbboss", "pwbboss"]


def test_all_that_match_the_filter_and_a_conflict_is_listed_by_case_number(app, rt, client_for):
    cases = held_by(app, rt, 3)
    held_by(app, rt, 1, who="pwb2")   # not pwb1's: outside the filter
    boss = client_for("pwbboss")
    # pwb1 finishes one between the page and the post: it stays done and is reported.
    rt.complete(cases[0][1].id, PWB1, REPLY)
    page = boss.post("/inbox/bulk", data={"action": "return", "all_matching": "1",
                                          "assignee": "pwb1"}).get_data(as_text=True)
    assert "2 件中已有 2 件退回機關待辦" in page
    with rt.db.connect() as conn:
        left = conn.execute(select(task.c.assignee).where(task.c.state == "ready")).scalars().all()
    assert sorted(left, key=str) == [None, None, "pwb2"]
    # A stale selection: the completed task is named by its case number, with who.
    stale = boss.post("/inbox/bulk", data={"action": "return",
                                           "task": [f"{cases[0][1].id}|pwb1"]}).get_data(as_text=True)
    assert cases[0][0].number in stale and "已由他人處理" in stale and "pwb1" in stale


def test_missing_arguments_are_named_beside_the_field_in_zh_tw(app, rt, client_for):
    [(_, t)] = held_by(app, rt, 1)
    boss = client_for("pwbboss")
    resp = boss.post("/inbox/bulk", data={"action": "transfer", "agency": "EPB", "reason": "  ",
                                          "task": [f"{t.id}|pwb1"], "assignee": "pwb1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert re.search(r'id="bulk-reason"[^>]*aria-invalid="true"', html)
    assert '<p class="field-error" id="bulk-reason-err">請填寫理由' in html
    assert ready_task(rt, t.case_id).assignee == "pwb1"
    nothing = boss.post("/inbox/bulk", data={"action": "return"}).get_data(as_text=True)
    assert "請至少勾選一件" in nothing


def test_transfer_from_the_inbox_moves_the_cases(app, rt, client_for):
    cases = held_by(app, rt, 2)
    boss = client_for("pwbboss")
    page = boss.post("/inbox/bulk", data={
        "action": "transfer", "agency": "EPB", "reason": "屬環保局權責",
        "task": [f"{t.id}|pwb1" for _, t in cases]}).get_data(as_text=True)
    assert "2 件中已有 2 件改分至環境保護局" in page
    assert {ready_task(rt, r.case_id).candidate_agency for r, _ in cases} == {"EPB"}


def test_the_bulk_controls_read_in_english_for_an_english_supervisor(app, rt, client_for):
    held_by(app, rt, 1)
    boss = client_for("pwbboss")
    with boss.session_transaction() as session:
        session["lang"] = "en"
    html = boss.get("/inbox?view=team").get_data(as_text=True)
    assert "Whole agency" in html and "Move the selected tasks" in html
    assert "Give them to another officer" in html and "整個機關" not in html
