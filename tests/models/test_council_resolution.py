"""Every path of bpmn/council_resolution.bpmn: a resolution assigned to an
agency, tracked with monthly progress reports until released."""
from .conftest import at, day


def record(lib, agency="EPB", interval=30):
    lib.clock.set(at(2026, 3, 2))
    cid = lib.start("council_resolution", {"title": "第470次市政會議決議"})
    lib.complete(cid, "record_resolution", meeting_number=470, meeting_date="2026-02-24",
                 resolution_text="加強夜市周邊環境清潔", responsible_agency=agency,
                 report_interval_days=interval)
    return cid


def report(lib, cid, release, percent=50):
    lib.complete(cid, "progress_report", progress_text="辦理中", percent_complete=percent,
                 propose_release=release)


def test_resolution_is_tracked_monthly_until_released(library):
    cid = record(library)
    first = library.task(cid, "progress_report")
    assert (first.candidate_agency, day(first.due_at)) == ("EPB", "2026-04-01")
    report(library, cid, release=False)
    review = library.task(cid, "review_progress")
    assert review.candidate_agency == "RDEC"
    library.complete(cid, "review_progress", released=False, review_comment="持續列管")
    second = library.task(cid, "progress_report")
    # 30 days after the previous due date is Fri 05-01, Labour Day: moved to Mon 05-04.
    assert day(second.due_at) == "2026-05-04"
    report(library, cid, release=True, percent=100)
    library.complete(cid, "review_progress", released=True)
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert (data["outcome"], data["reports"]) == ("released", 2)


def test_commission_may_keep_tracking_when_the_agency_proposes_release(library):
    cid = record(library)
    report(library, cid, release=True, percent=90)
    library.complete(cid, "review_progress", released=False, review_comment="尚未完成")
    assert library.open_elements(cid) == ["progress_report"]
    assert library.case(cid).status == "open"


def test_a_late_progress_report_is_reminded_and_escalated(library):
    cid = record(library, agency="PWB", interval=14)
    assert day(library.task(cid, "progress_report").due_at) == "2026-03-16"
    library.advance(days=13)  # Sun 03-15: the reminder (Fri 03-13 08:30) has fired
    assert [n[:2] for n in library.notices(cid)] == [("reminder", "pwb@city.example")]
    library.advance(days=2)
    assert library.case(cid).escalation_level == 1
    library.advance(days=3)
    assert library.case(cid).escalation_level == 2


def test_the_case_summary_holds_the_current_rounds_report(library):
    """The rounds run in a subprocess: the stored summary (what lists, searches
    and the task pages read) is the round just reported, not the last one."""
    cid = record(library)
    report(library, cid, release=False, percent=40)
    assert library.data(cid)["percent_complete"] == 40
    library.complete(cid, "review_progress", released=False, review_comment="尚未完成")
    assert library.data(cid)["review_comment"] == "尚未完成"
    report(library, cid, release=True, percent=100)
    summary = library.data(cid)
    assert (summary["percent_complete"], summary["propose_release"]) == (100, True)
