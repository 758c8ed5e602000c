"""Every path of bpmn/records_audit.bpmn: notice, visits, grading by
audit_grading.dmn, discipline review, improvement, re-inspection a year later."""
import pytest

from .conftest import at, worker

AREAS = ["intake", "filing", "cataloguing", "storage", "retrieval", "destruction",
         "transfer", "accounts", "electronic"]


def plan(lib, offices, previous_c=()):
    lib.clock.set(at(2026, 7, 1))
    cid = lib.start("records_audit", {"title": "115年度區公所檔案管理考評"})
    form = dict(audit_year=115, audit_offices=list(offices), panel="檔案管理專家、金質獎得主")
    if previous_c:
        form["previous_c_offices"] = list(previous_c)
    lib.complete(cid, "plan_audit", **form)
    return cid


def each(lib, cid, element, form_for):
    for row in [t for t in lib.tasks(cid) if t.element_id == element]:
        lib.engine.complete(row.id, worker(row), form_for(row))


def score(total):
    return {**{f"score_{a}": total for a in AREAS}, "findings": "考評意見"}


def visit_and_score(lib, cid, scores, visit_on="2026-10-05"):
    each(lib, cid, "schedule_visit", lambda r: {"visit_on": visit_on, "session_number": 1})
    lib.advance(days=200)
    offices = {}
    for row in [t for t in lib.tasks(cid) if t.element_id == "score_checklist"]:
        offices[row.id] = row
    # The office of each scoring task is in the task's own data: score in case order.
    for row, value in zip(offices.values(), scores):
        lib.engine.complete(row.id, worker(row), score(value))


def test_visits_wait_for_three_months_notice(library):
    cid = plan(library, ["D-NANZI"])
    each(library, cid, "schedule_visit", lambda r: {"visit_on": "2026-08-01", "session_number": 1})
    assert library.open_elements(cid) == []  # waiting for the visit day
    library.advance(days=89)  # 2026-09-28: still within the notice period
    assert library.open_elements(cid) == []
    library.advance(days=2)
    assert library.open_elements(cid) == ["score_checklist"]


@pytest.mark.parametrize("total,grade", [(90, "優"), (80, "甲"), (89, "甲")])
def test_good_grades_close_after_approval_without_reinspection(library, total, grade):
    cid = plan(library, ["D-NANZI"])
    visit_and_score(library, cid, [total])
    assert library.open_elements(cid) == ["publish_results"]
    data = library.wf_data(cid)
    assert [(r["office"], r["grade"], r["score"]) for r in data["audit_results"]] == [
        ("D-NANZI", grade, float(total))]
    assert data["next_year_list"] == [] and data["reinspections"] == []
    library.complete(cid, "publish_results", results_approved=True)
    assert library.case(cid).status == "completed"
    assert library.data(cid)["outcome"] == "audited"


def test_grade_b_needs_improvement_coaching_and_reinspection_a_year_later(library):
    cid = plan(library, ["D-XINXING"])
    visit_and_score(library, cid, [75])
    report = library.task(cid, "improvement_report")
    assert (report.candidate_agency, report.candidate_role) == ("D-XINXING", "officer")
    library.complete(cid, "improvement_report", improvement_items="補正檔案目錄",
                     improvement_due="2026-12-31")
    library.complete(cid, "coaching", coaching_notes="到所輔導")
    library.complete(cid, "publish_results", results_approved=True)
    assert library.open_elements(cid) == []  # waiting about a year
    library.advance(days=200)  # 2027-08: the visit was 2026-10-05
    assert library.open_elements(cid) == []
    library.advance(days=80)
    assert library.task(cid, "reinspection").candidate_agency == "DOA"
    library.complete(cid, "reinspection", items_improved=True, reinspection_notes="已改善")
    assert library.case(cid).status == "completed"
    assert library.data(cid)["outcome"] == "audited"


def test_grade_c_goes_on_next_years_list_and_two_in_a_row_to_discipline_review(library):
    cid = plan(library, ["D-ALIAN", "D-HUNEI"], previous_c=["D-ALIAN"])
    visit_and_score(library, cid, [60, 69])
    review = library.task(cid, "discipline_review")
    assert (review.candidate_agency, review.candidate_role) == ("DOA", "supervisor")
    assert len([t for t in library.tasks(cid) if t.element_id == "discipline_review"]) == 1
    library.complete(cid, "discipline_review", discipline_decision="warning")
    each(library, cid, "improvement_report",
         lambda r: {"improvement_items": "改善", "improvement_due": "2027-01-31"})
    each(library, cid, "coaching", lambda r: {"coaching_notes": "輔導"})
    data = library.wf_data(cid)
    grades = {r["office"]: r["grade"] for r in data["audit_results"]}
    assert grades == {"D-ALIAN": "丙", "D-HUNEI": "丙"}
    assert sorted(data["next_year_list"]) == ["D-ALIAN", "D-HUNEI"]
    assert library.open_elements(cid) == ["publish_results"]
    # Counts per grade reach the case summary for the period report.
    summary = library.data(cid)
    assert {k: summary[k] for k in ("offices_audited", "grade_excellent", "grade_a", "grade_b",
                                    "grade_c", "reinspections_planned")} == {
        "offices_audited": 2, "grade_excellent": 0, "grade_a": 0, "grade_b": 0, "grade_c": 2,
        "reinspections_planned": 2}
    assert summary["results_at"].startswith("2027-01-")
    library.complete(cid, "publish_results", results_approved=True)
    library.advance(days=400)
    each(library, cid, "reinspection", lambda r: {"items_improved": False, "reinspection_notes": "未改善"})
    assert library.case(cid).status == "completed"
    improved = library.wf_data(cid)["reinspection_results"]
    assert sorted((r["office"], r["improved"]) for r in improved) == [
        ("D-ALIAN", False), ("D-HUNEI", False)]


def test_grade_c_without_a_previous_c_is_not_sent_to_discipline_review(library):
    cid = plan(library, ["D-ALIAN"], previous_c=["D-HUNEI"])
    visit_and_score(library, cid, [50])
    assert library.open_elements(cid) == ["improvement_report"]
