"""A facility repair's work order on the task page: whoever issues it reads
the trade and urgency the triage settled (the panel shows no category on
this step) and, when the inspection failed, what failed (the model's
show_fields)."""
import pytest
from sqlalchemy import select

from engine.data.schema import case
from webtest_support import deploy_library, recalled, work_step

URGENT = "緊急（影響安全或無法辦公，1個工作天內修復）"


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"]), ("doa2", "DOA", ["officer"])])
    return app


def test_the_work_order_shows_the_triage_and_what_failed_the_inspection(library, rt, db, client_for):
    officer, fitter, chief = client_for("doa1"), client_for("doa2"), client_for("doaboss")
    resp = officer.post("/cases/new/facility_repair", data={
        "centre": "sihwei", "location": "3樓東側", "trade": "civil", "subject": "電梯停擺",
        "content": "三號電梯卡在三樓，按鈕無反應", "reporter_name": "李大同", "reporter_phone": "分機 1234"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "facility_repair")).scalar_one()
    assert recalled(work_step(officer, rt, cid, "triage", {"trade": "lift", "urgency": "urgent",
                                                          "triage_action": "repair"})) == ""
    order = {"work_by": "contractor", "contractor_name": "永安電梯公司", "work_instructions": "檢修控制盤"}
    first = recalled(work_step(officer, rt, cid, "work_order", order))
    assert first == f"本案先前登錄的內容 工種 電梯 緊急程度 {URGENT}"   # no inspection failed yet
    repair = recalled(work_step(fitter, rt, cid, "do_repair",
                                {"work_done": "更換控制盤繼電器", "completed_on": "2026-03-02"}))
    assert repair == ("本案先前登錄的內容 施作方式 委外廠商（開口契約） 廠商名稱 永安電梯公司 "
                      "施作說明 檢修控制盤")
    inspect = recalled(work_step(chief, rt, cid, "inspect",
                                 {"inspection_result": "failed", "inspection_notes": "運轉仍有異音"}))
    assert "廠商名稱 永安電梯公司" in inspect and "施作內容 更換控制盤繼電器" in inspect
    assert "完工日期 民國115年3月2日" in inspect
    again = recalled(work_step(officer, rt, cid, "work_order", dict(order, work_instructions="更換曳引機軸承")))
    assert again == f"本案先前登錄的內容 工種 電梯 緊急程度 {URGENT} 不合格情形 運轉仍有異音"
    # The second round reads the second order and report, not the first's.
    repair = recalled(work_step(fitter, rt, cid, "do_repair",
                                {"work_done": "更換軸承", "completed_on": "2026-03-03"}))
    assert "施作說明 更換曳引機軸承 不合格情形 運轉仍有異音" in repair
    inspect = recalled(work_step(chief, rt, cid, "inspect", {"inspection_result": "passed"}))
    assert "施作內容 更換軸承 完工日期 民國115年3月3日" in inspect
