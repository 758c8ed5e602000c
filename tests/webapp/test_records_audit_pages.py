"""A records audit opens the same steps once per district office it visits:
each inbox row and each task page says which office (the model's `item`);
the section chief approves the results reading each office's score and
grade beside the form (the model's <civicflow:table> and <civicflow:value>)."""
import re

import pytest
from sqlalchemy import select

from engine.cases.actors import Actor
from engine.data.schema import task, timer
from engine.scheduling.timers import CLOCK_RUNS
from webtest_support import (
    deploy_library, login, page_text, ready_task, section_text, work_step,
)

OFFICES = {"D-GUSHAN": "鼓山區公所", "D-SANMIN": "三民區公所", "D-ZUOYING": "左營區公所"}


@pytest.fixture
def audit(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"])])
    client = login(app.test_client(), "doa1")
    resp = client.post("/cases/new/records_audit", data={
        "audit_year": "115", "audit_offices": list(OFFICES), "visits_from": "2026-06-01",
        "visits_until": "2026-06-30", "panel": "王教授"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    return client


def test_each_visit_to_schedule_names_its_office(audit, db):
    rows = page_text(audit.get("/inbox?view=queue").get_data(as_text=True))
    for name in OFFICES.values():
        assert f"排定實地考評（{name}）" in rows
    with db.connect() as conn:
        steps = conn.execute(select(task.c.id, task.c.item).where(task.c.state == "ready")).all()
    assert sorted(item for _id, item in steps) == sorted(OFFICES)
    step, office = steps[0]
    audit.post(f"/tasks/{step}/claim")
    page = audit.get(f"/tasks/{step}").get_data(as_text=True)
    assert re.search(rf"<h1>排定實地考評（{OFFICES[office]}）", page)
    assert office not in page_text(page)          # the code is never shown
    audit.post("/lang/en")
    english = page_text(audit.get(f"/tasks/{step}").get_data(as_text=True))
    assert re.search(r"Schedule the visit \(\w+ District Office\)", english) and office not in english


# --- The chief approves what they read: the results per office beside the form.
SCORES = {"D-GUSHAN": 85, "D-SANMIN": 60}   # 甲 and 丙
FINDINGS = {"D-GUSHAN": "檔案目錄完整，僅少數案卷未編頁", "D-SANMIN": "檔案目錄未更新，銷毀未經核准"}
AREAS = ("intake", "filing", "cataloguing", "storage", "retrieval", "destruction",
         "transfer", "accounts", "electronic")


def _worker(row) -> Actor:
    role = row.candidate_role or "officer"
    return Actor(f"{row.candidate_agency.lower()}.{role}", row.candidate_agency, frozenset({role}))


def _each(rt, db, element, form_for) -> None:
    """Complete every open `element` as its agency's officer, `form_for(office)`."""
    with db.connect() as conn:
        rows = conn.execute(select(task).where(task.c.element_id == element,
                                               task.c.state == "ready")).all()
    for row in rows:
        rt.claim(row.id, _worker(row))
        rt.complete(row.id, _worker(row), form_for(row.item))


def _visited_and_scored(app, rt, db, clock, previous_c=()) -> int:
    """An audit of SCORES's offices, visited and scored; its case id."""
    deploy_library(rt, db, [("doa1", "DOA", ["officer"]), ("chief", "DOA", ["supervisor"]),
                            ("sanmin1", "D-SANMIN", ["officer"])])
    form = {"audit_year": "115", "audit_offices": list(SCORES), "visits_from": "2026-06-01",
            "visits_until": "2026-06-30", "panel": "王教授"}
    if previous_c:
        form["previous_c_offices"] = list(previous_c)
    resp = login(app.test_client(), "doa1").post("/cases/new/records_audit", data=form)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    _each(rt, db, "schedule_visit", lambda _o: {"visit_on": "2026-06-10", "session_number": 1})
    clock.advance(days=101)                           # past 115/06/10 09:00: the visit timers fire
    with db.connect() as conn:
        due = conn.execute(select(timer.c.id).where(timer.c.state == "pending",
                                                    timer.c.due_at < clock.now(), CLOCK_RUNS)).scalars().all()
    for timer_id in due:
        rt.fire_timer(timer_id)
    _each(rt, db, "score_checklist",
          lambda office: {**{f"score_{a}": SCORES[office] for a in AREAS}, "findings": FINDINGS[office]})
    with db.connect() as conn:
        return conn.execute(select(task.c.case_id).where(task.c.element_id == "score_checklist")).scalar()


def _data_section(page: str) -> str:
    """The text of the page's 本步驟依據的資料 section ('' when none)."""
    return section_text(page, "cp-stepdata-h")


def test_the_chief_reads_each_offices_score_and_grade_beside_the_approval(app, rt, db, clock):
    cid = _visited_and_scored(app, rt, db, clock)
    _each(rt, db, "improvement_report", lambda _o: {"improvement_items": "補正檔案目錄",
                                                    "improvement_due": "2026-12-31"})
    _each(rt, db, "coaching", lambda _o: {"coaching_notes": "到所輔導"})
    chief = login(app.test_client(), "chief")
    page = work_step(chief, rt, cid, "publish_results", None)
    shown = _data_section(page)
    assert shown.startswith("本步驟依據的資料 受考評機關數 2 優等 0 甲等 1 乙等 0 丙等 1 須複查機關數 1")
    assert ("各區公所考評結果 受考評機關 考評日期 總分 等第 須複查 列入次年度名單 "
            "鼓山區公所 民國115年6月10日 85.0 甲 否 否 "
            "三民區公所 民國115年6月10日 60.0 丙 是 是") in shown
    table = page[page.index('<table class="cp-data">'):page.index("</table>")]
    assert "<caption" in table and table.count('<th scope="col">') == 6
    assert not any(code in table for code in SCORES)   # offices by name, never their codes
    chief.post("/lang/en")
    english = _data_section(work_step(chief, rt, cid, "publish_results", None))
    assert english.startswith("What this step rests on Offices audited 2 Graded 優 (excellent) 0")
    assert ("Results per office Office Visit date Score Grade Re-inspection On next year's list "
            "Gushan District Office 2026-06-10 85.0 Good (甲) No No "
            "Sanmin District Office 2026-06-10 60.0 Poor (丙) Yes Yes") in english
    assert not any(code in english for code in SCORES)


def test_the_decisions_page_shows_the_same_results(app, rt, db, clock):
    """A supervisor may decide from “Waiting for my decision”: the results are there too."""
    cid = _visited_and_scored(app, rt, db, clock)
    _each(rt, db, "improvement_report", lambda _o: {"improvement_items": "補正檔案目錄",
                                                    "improvement_due": "2026-12-31"})
    _each(rt, db, "coaching", lambda _o: {"coaching_notes": "到所輔導"})
    step = ready_task(rt, cid, "publish_results")
    page = login(app.test_client(), "chief").get(f"/decisions/{step.id}").get_data(as_text=True)
    shown = _data_section(page)
    assert "受考評機關數 2" in shown and "鼓山區公所 民國115年6月10日 85.0 甲 否 否" in shown
    assert not any(code in shown for code in SCORES)


def test_the_discipline_review_reads_its_own_offices_score(app, rt, db, clock):
    """Within one office's audit (an instance of the multi-instance subprocess)
    the step reads that office's score, not another office's."""
    cid = _visited_and_scored(app, rt, db, clock, previous_c=["D-SANMIN"])
    page = work_step(login(app.test_client(), "chief"), rt, cid, "discipline_review", None)
    assert re.search(r"<h1>懲處檢討（三民區公所）", page)
    assert _data_section(page) == "本步驟依據的資料 總分 60.0 等第 丙 考評日期 民國115年6月10日"


def test_the_office_writing_its_improvement_report_reads_its_own_findings(app, rt, db, clock):
    """三民區公所 (丙) writes its improvement report reading the panel's findings
    on its own records and its grade, never 鼓山's; the coaching officer reads
    them with the report."""
    cid = _visited_and_scored(app, rt, db, clock)
    report = _data_section(work_step(login(app.test_client(), "sanmin1"), rt, cid,
                                     "improvement_report", {"improvement_items": "更新檔案目錄",
                                                            "improvement_due": "2026-12-31"}))
    assert report == ("本步驟依據的資料 考評日期 民國115年6月10日 總分 60.0 等第 丙 "
                      "考評意見 檔案目錄未更新，銷毀未經核准")
    coaching = _data_section(work_step(login(app.test_client(), "doa1"), rt, cid, "coaching", None))
    assert coaching.endswith("考評意見 檔案目錄未更新，銷毀未經核准 改善事項 更新檔案目錄 "
                             "改善期限 民國115年12月31日")
    assert "鼓山" not in report + coaching


def test_a_step_without_tables_or_values_shows_no_such_section(audit, rt, db):
    with db.connect() as conn:
        step = conn.execute(select(task.c.id).where(task.c.element_id == "schedule_visit")).scalars().first()
    audit.post(f"/tasks/{step}/claim")
    assert 'id="cp-stepdata-h"' not in audit.get(f"/tasks/{step}").get_data(as_text=True)


def test_the_chiefs_approval_sends_nobody_to_a_request_that_does_not_exist(app, rt, db, clock):
    """核定考評結果 is nobody's request: the page has no link to the request's
    reason and days (an extension's approval keeps it: test_decisions)."""
    cid = _visited_and_scored(app, rt, db, clock)
    _each(rt, db, "improvement_report", lambda _o: {"improvement_items": "補正檔案目錄",
                                                    "improvement_due": "2026-12-31"})
    _each(rt, db, "coaching", lambda _o: {"coaching_notes": "到所輔導"})
    page = page_text(work_step(login(app.test_client(), "chief"), rt, cid, "publish_results", None))
    assert "本件待主管核決。" in page
    assert "申請理由與天數" not in page
