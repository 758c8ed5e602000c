"""A council resolution's rounds on the task pages: the evaluation commission
(研考會) reads the agency's progress report beside its review, and the agency
reads the commission's comment beside its next report (the model's
show_fields)."""
import pytest

from engine.cases.actors import Actor
from webtest_support import deploy_library, page_text, ready_task, work_step

DOA = Actor("doa1", "DOA", frozenset({"officer"}))
REPORT = "夜市周邊已增設垃圾桶十二處，清潔班每晚加派兩趟。"
COMMENT = "請補充六合夜市周邊巡查紀錄，下期一併填報。"


@pytest.fixture
def resolution(app, rt, db):
    """A resolution recorded and assigned to EPB: its first progress report open."""
    deploy_library(rt, db, [("doa1", "DOA", ["officer"]), ("rdec1", "RDEC", ["officer"])])
    case_id = rt.start_case("council_resolution", {"title": "第470次市政會議決議"}, actor=DOA)["id"]
    record = ready_task(rt, case_id, "record_resolution")
    rt.claim(record.id, DOA)
    rt.complete(record.id, DOA, {"meeting_number": 470, "meeting_date": "2026-02-24",
                                 "resolution_text": "加強夜市周邊環境清潔",
                                 "responsible_agency": "EPB", "report_interval_days": 30})
    return case_id


def test_each_side_reads_the_others_last_words(resolution, rt, client_for):
    epb, rdec = client_for("epb1"), client_for("rdec1")
    first = page_text(work_step(epb, rt, resolution, "progress_report", {
        "progress_text": REPORT, "percent_complete": "40", "propose_release": "false"}))
    assert "本案先前登錄的內容 審查意見 未登錄" in first   # nothing from the commission yet
    review = page_text(work_step(rdec, rt, resolution, "review_progress",
                                 {"released": "false", "review_comment": COMMENT}))
    assert f"本案先前登錄的內容 辦理情形 {REPORT} 完成百分比 40 是否建議解除列管 建議繼續列管" in review
    second = page_text(work_step(epb, rt, resolution, "progress_report", None))
    assert f"審查意見 {COMMENT}" in second


def test_the_second_round_shows_the_second_report(resolution, rt, client_for):
    """Each round's review reads that round's report, not the first round's
    (the rounds run in a subprocess: its data is the case's latest)."""
    epb, rdec = client_for("epb1"), client_for("rdec1")
    work_step(epb, rt, resolution, "progress_report",
              {"progress_text": REPORT, "percent_complete": "40", "propose_release": "false"})
    work_step(rdec, rt, resolution, "review_progress", {"released": "false", "review_comment": COMMENT})
    second = page_text(work_step(epb, rt, resolution, "progress_report",
                                 {"progress_text": "巡查紀錄已補齊，改善完成。", "percent_complete": "100",
                                  "propose_release": "true"}))
    assert f"審查意見 {COMMENT}" in second
    review = page_text(work_step(rdec, rt, resolution, "review_progress", {"released": "true"}))
    assert ("本案先前登錄的內容 辦理情形 巡查紀錄已補齊，改善完成。 完成百分比 100 "
            "是否建議解除列管 建議解除列管") in review
