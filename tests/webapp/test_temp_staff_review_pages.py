"""A temporary staff request on the department's task pages: the first
check reads how many are asked, the period and the budget source it checks,
and whoever records the panel's decision reads which meeting it was and what
the request rests on (the model's show_fields); the case's words give the
post and duties. The decision's form has fields of the request's names
(staff_kind, headcount: what was approved): a value is labelled by the form
that recorded it, never 同意人數 for the number asked."""
import pytest
from lxml import etree
from sqlalchemy import select

from engine.data.schema import case, timer
from engine.models import meta
from engine.scheduling.timers import CLOCK_RUNS
from webapp import casepanel
from webtest_support import ROOT, deploy_library, recalled, work_step

REQUEST = "本案先前登錄的內容 申請機關 環境保護局 計酬方式 時薪人員 人數（時薪者為每日最高人數） 120 進用期間（起） 民國115年5月1日 進用期間（迄） 民國115年10月31日 預算來源 年度預算 預算科目 環境清潔維護費"


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"]), ("doa2", "DOA", ["officer"])])
    return app


def _after(rt, db, clock, **delta):
    """Move the clock and fire the timers then due, as the scheduler would."""
    clock.advance(**delta)
    with db.connect() as conn:
        due = conn.execute(select(timer.c.id).where(timer.c.state == "pending",
                                                    timer.c.due_at < clock.now(), CLOCK_RUNS)).scalars().all()
    for timer_id in due:
        rt.fire_timer(timer_id)


def test_the_check_and_the_decision_read_the_request(library, rt, db, clock, client_for):
    resp = client_for("epb1").post("/cases/new/temp_staff_review", data={
        "requesting_agency": "EPB", "position_title": "道路清潔員", "duties": "登革熱防治期間加強清潔",
        "staff_kind": "hourly", "headcount": "120", "period_from": "2026-05-01",
        "period_until": "2026-10-31", "budget_source": "annual_budget", "budget_item": "環境清潔維護費"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "temp_staff_review")).scalar_one()
    doa1 = client_for("doa1")
    check = work_step(doa1, rt, cid, "check_request", {"budget_confirmed": "true", "check_notes": "預算科目相符"})
    assert recalled(check) == REQUEST
    assert "同意" not in recalled(check)                 # 同意人數 is the decision's, not yet made
    work_step(doa1, rt, cid, "convene_panel", {"meeting_number": "1", "meeting_date": "2026-03-12",
                                               "panel_members": "財政局、主計處、勞工局、人事處代表"})
    _after(rt, db, clock, days=10, hours=1)             # the meeting (Thu 115/03/12 09:30) has passed
    decide = work_step(client_for("doa2"), rt, cid, "record_decision", {
        "decision": "approved", "staff_kind": "hourly", "headcount": "96", "decision_reason": "依業務量核減"})
    assert recalled(decide) == REQUEST.replace(
        "本案先前登錄的內容", "本案先前登錄的內容 審核小組會議次別 1 開會日期 民國115年3月12日")
    assert "EPB" not in recalled(decide)                # the agency by its name, never its code
    assert "同意" not in recalled(decide)                # the number asked, before the approved one


def test_after_the_decision_the_headcount_is_the_decisions(app):
    """No step of the model follows the decision: the panel's rows as a later
    step showing staff_kind and headcount would read them."""
    root = etree.parse(str(ROOT / "bpmn" / "temp_staff_review.bpmn")).getroot()
    process = meta.extract(root)["temp_staff_review"]
    asked = {"staff_kind": "hourly", "headcount": 120, "budget_source": "annual_budget"}
    done = ["submit_request", "check_request", "convene_panel", "record_decision"]
    with app.test_request_context():
        def rows(data, steps=done):
            return casepanel.recalled(process, data, ["staff_kind", "headcount"], steps)
        approved = rows({**asked, "decision": "approved", "staff_kind": "monthly", "headcount": 96})
        rejected = rows({**asked, "decision": "rejected"})   # its when: recorded nothing
        before = rows(asked, done[:3])
    assert approved == [("同意之計酬方式", "月薪人員", False), ("同意人數", "96", False)]
    assert rejected == before == [("計酬方式", "時薪人員", False),
                                  ("人數（時薪者為每日最高人數）", "120", False)]
