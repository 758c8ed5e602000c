"""engine/report/period.py: the period report from real cases driven through the
shipped models with a frozen clock; exact counts, Asia/Taipei day bounds."""
from __future__ import annotations

import importlib.util
from datetime import date, timezone
from pathlib import Path

import pytest

from engine.cases.queries import Viewer
from engine.demo.reference import load_reference
from engine.report.period import PeriodError, parse_day, period_report, preset
from engine.report.scope import Scope
from engine.time.clock import TAIPEI
from model_reports import deploy_checked  # tests/engine, on the path

_spec = importlib.util.spec_from_file_location(
    "models_library", Path(__file__).resolve().parents[2] / "models" / "conftest.py")
lib_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lib_mod)
at = lib_mod.at

DEPT = Viewer("doaboss", "DOA", frozenset({"supervisor"}))
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
CONSUMER = {"name": "陳美玲", "email": "chen@example.org"}


@pytest.fixture
def lib(engine, db, clock):
    load_reference(db, with_demo_users=False)
    deploy_checked(engine, lib_mod.library_files())   # model_reports.py
    return lib_mod.Driver(engine, db, clock)


def report(lib, viewer=DEPT, period=MARCH):
    with lib.db.connect() as conn:
        return period_report(conn, viewer, *period, lib.clock.now())


# ---- consumer protection ---------------------------------------------------
def consumer(lib, when, request_type, category="travel", **over):
    lib.clock.set(when)
    cid = lib.start("consumer_complaint", {"title": "消費爭議"}, petitioner=dict(CONSUMER))
    form = dict(request_type=request_type, category=category, consumer_name="陳美玲",
                claim_text="退費爭議", has_prior_complaint=False, already_mediated=False)
    form.update(over)
    lib.complete(cid, "intake", **form)
    return cid


def consumer_cases(lib):
    a = consumer(lib, at(2026, 3, 2), "consultation", remote_negotiation=True)
    lib.complete(a, "answer_consultation", consultation_answer="說明", becomes_complaint=False)
    b = consumer(lib, at(2026, 3, 2), "consultation", "air_ticket")
    lib.complete(b, "answer_consultation", consultation_answer="轉申訴", becomes_complaint=True)
    c = consumer(lib, at(2026, 3, 3), "first_complaint")
    d = consumer(lib, at(2026, 3, 4), "second_complaint", "air_ticket", has_prior_complaint=True)
    lib.complete(d, "second_complaint", cpo_findings="未果", second_outcome="unresolved")
    lib.complete(d, "mediation_offer", applies_mediation=True)
    lib.advance(days=5)
    lib.complete(d, "mediation_session", session_date="2026-03-09", members_present=7,
                 business_attended=True, session_result="settled")
    lib.complete(d, "record_settlement", record_number="高市消調字第1150001號",
                 signed_on="2026-03-09", court_approval=False)   # signed the day of the session: not after today
    consumer(lib, at(2026, 3, 10), "mediation", "food", debt_advice=True)  # refused: no complaint
    lib.advance(days=9)   # 03-19: the business of case c stayed silent for 15 days
    lib.complete(c, "consumer_next", files_second_complaint=True)
    consumer(lib, at(2026, 3, 31, 23, 59), "consultation", "food")   # last minute of March
    consumer(lib, at(2026, 4, 1, 0, 0), "consultation", "food")      # first minute of April


def test_consumer_stages_are_counted_on_the_day_they_happen(lib):
    consumer_cases(lib)
    figures = report(lib)["consumer"]
    assert figures["totals"] == {
        "consultations": 3, "first_complaints": 2, "second_complaints": 2,
        "mediation_applied": 2, "mediation_refused": 1, "mediation_held": 1,
        "mediation_cases_held": 1, "mediation_settled": 1, "mediation_failed": 0, "remote_negotiation": 1, "debt_advice": 1}
    kinds = figures["by_kind"]
    assert (kinds["travel"]["consultations"], kinds["travel"]["first_complaints"],
            kinds["travel"]["second_complaints"]) == (1, 1, 1)
    assert (kinds["air_ticket"]["consultations"], kinds["air_ticket"]["first_complaints"],
            kinds["air_ticket"]["second_complaints"], kinds["air_ticket"]["mediation_settled"]) == (1, 1, 1, 1)
    assert kinds["food"]["consultations"] == 1 and kinds["food"]["mediation_refused"] == 1


def test_consumer_stage_of_an_earlier_case_counts_in_the_later_period(lib):
    consumer_cases(lib)
    april = report(lib, period=(date(2026, 4, 1), date(2026, 4, 30)))["consumer"]["totals"]
    assert (april["consultations"], april["first_complaints"], april["second_complaints"]) == (1, 0, 0)
    # Case c: first complaint on 03-03, second complaint on 03-19.
    day_3 = report(lib, period=(date(2026, 3, 3), date(2026, 3, 3)))["consumer"]["totals"]
    day_19 = report(lib, period=(date(2026, 3, 19), date(2026, 3, 19)))["consumer"]["totals"]
    assert (day_3["first_complaints"], day_3["second_complaints"]) == (1, 0)
    assert (day_19["first_complaints"], day_19["second_complaints"]) == (0, 1)


def _mediation_meeting_twice(lib, first, second) -> None:
    """A second complaint unresolved, mediation applied, a session on each day (settled at the second)."""
    d = consumer(lib, at(2026, 3, 4), "second_complaint", has_prior_complaint=True)
    lib.complete(d, "second_complaint", cpo_findings="未果", second_outcome="unresolved")
    lib.complete(d, "mediation_offer", applies_mediation=True)
    for when, result in ((first, "continue"), (second, "settled")):
        lib.clock.set(when)
        lib.complete(d, "mediation_session", session_date=when.date().isoformat(), members_present=7,
                     business_attended=True, session_result=result)


def test_mediation_sessions_of_the_months_add_up_to_the_longer_period(lib):
    """A mediation meeting in March and again in April is one session in
    each month and two in the two months (the half-year read 10 against 14
    summed over its months, counting cases)."""
    _mediation_meeting_twice(lib, at(2026, 3, 20), at(2026, 4, 8))
    held = [report(lib, period=p)["consumer"]["totals"]["mediation_held"]
            for p in (MARCH, APRIL, (MARCH[0], APRIL[1]))]
    assert held == [1, 1, 2]


# ---- petitions ---------------------------------------------------------------
def petition(lib, when, channel, category, **over):
    lib.clock.set(when)
    cid = lib.start("petition", {"title": "陳情"}, petitioner={"name": "王小明", "email": "w@example.org"})
    form = dict(channel=channel, subject="陳情", content="內容", category=category,
                district="D-NANZI", language="zh_TW", art173_ground="none")
    form.update(over)
    lib.complete(cid, "register", **form)
    if channel in ("counter", "phone") and form["art173_ground"] == "none":
        lib.complete(cid, "read_back", read_back_text="宣讀", read_back_confirmed=True)
    return cid


def reply(lib, cid):
    lib.complete(cid, "handle", handling_action="reply", reply_text="已處理", legal_basis="市區道路條例")


def petition_cases(lib):
    on_time = petition(lib, at(2026, 3, 2), "letter", "street_light")       # PWB, due 03-10
    late = petition(lib, at(2026, 3, 2), "phone", "road_damage")           # PWB, due 03-10
    petition(lib, at(2026, 3, 3), "web", "noise")                          # EPB, never answered
    petition(lib, at(2026, 3, 3), "web", "noise", art173_ground="no_content")
    petition(lib, at(2026, 2, 28, 23, 59), "web", "noise")                 # February
    lib.clock.set(at(2026, 3, 10, 23, 0))
    reply(lib, on_time)                                                    # on the due day
    lib.clock.set(at(2026, 3, 11, 9, 0))
    reply(lib, late)                                                       # a day late
    lib.clock.set(at(2026, 4, 1, 9, 0))


def test_petitions_by_channel_category_agency_with_on_time_rates(lib):
    petition_cases(lib)
    p = report(lib)["petitions"]
    assert {k: p["totals"][k] for k in ("received", "replied", "on_time", "late", "open_overdue",
                                        "not_handled")} == {
        "received": 4, "replied": 2, "on_time": 1, "late": 1, "open_overdue": 1, "not_handled": 1}
    assert p["totals"]["on_time_rate"] == pytest.approx(33.3)
    assert {k: v["received"] for k, v in p["channel"].items()} == {"letter": 1, "phone": 1, "web": 2}
    assert p["channel"]["letter"]["on_time_rate"] == 100.0
    assert p["channel"]["phone"]["on_time_rate"] == 0.0
    assert p["category"]["noise"]["open_overdue"] == 1
    assert (p["agency"]["PWB"]["on_time"], p["agency"]["PWB"]["late"]) == (1, 1)
    assert p["agency"]["EPB"]["received"] == 1  # the Art. 173 case never reached an agency


def test_february_boundary_is_in_taipei_time(lib):
    petition_cases(lib)
    feb = report(lib, period=(date(2026, 2, 1), date(2026, 2, 28)))["petitions"]["totals"]
    assert feb["received"] == 1


def test_an_agency_supervisor_sees_only_their_agency(lib):
    petition_cases(lib)
    consumer_cases(lib)
    pwb = report(lib, Viewer("pwbboss", "PWB", frozenset({"supervisor"})))
    assert pwb["consumer"] is None and pwb["audits"] is None
    assert set(pwb["petitions"]["agency"]) == {"PWB"} and pwb["petitions"]["totals"]["received"] == 2
    cpo = report(lib, Viewer("cpoboss", "CPO", frozenset({"supervisor"})))
    assert cpo["consumer"]["totals"]["consultations"] == 3
    assert Scope.of(Viewer("root", "EPB", frozenset({"admin"}))).department


# ---- council resolutions -------------------------------------------------------
def resolution(lib, when, meeting, meeting_date, agency):
    lib.clock.set(when)
    cid = lib.start("council_resolution", {"title": f"第{meeting}次市政會議決議"})
    lib.complete(cid, "record_resolution", meeting_number=meeting, meeting_date=meeting_date,
                 resolution_text="請確實辦理", responsible_agency=agency, report_interval_days=14)
    return cid


def test_council_meetings_and_resolutions_tracked(lib):
    pwb = resolution(lib, at(2026, 3, 3), 480, "2026-03-02", "PWB")
    resolution(lib, at(2026, 3, 3), 480, "2026-03-02", "EPB")
    old = resolution(lib, at(2026, 2, 10), 477, "2026-02-09", "PWB")
    lib.clock.set(at(2026, 3, 12))
    lib.complete(pwb, "progress_report", progress_text="完成", percent_complete=100, propose_release=True)
    lib.complete(pwb, "review_progress", released=True, review_comment="解除列管")
    lib.complete(old, "progress_report", progress_text="辦理中", percent_complete=50, propose_release=False)
    resolution(lib, at(2026, 4, 7), 481, "2026-04-06", "PWB")   # April's meeting
    c = report(lib)["council"]
    assert c["meetings"] == 1
    assert c["by_agency"]["PWB"] == {"tracked_at_start": 1, "assigned": 1, "reports": 2, "overdue_reports": 0,
                                     "released": 1, "tracked_at_end": 1}
    assert c["by_agency"]["EPB"]["assigned"] == 1 and c["by_agency"]["EPB"]["tracked_at_end"] == 1
    assert c["by_agency"]["EPB"]["overdue_reports"] == 1   # due 03-17, open on 04-07
    assert c["totals"]["assigned"] == 2 and c["totals"]["tracked_at_end"] == 2


def test_overdue_progress_reports_are_counted_at_the_period_end(lib):
    """A past month never counts a report due after it (a July report listed
    September's overdue reports while it tracked nothing); a report overdue
    at a month's end and filed later stays overdue in that month."""
    epb = resolution(lib, at(2026, 3, 3), 480, "2026-03-02", "EPB")   # report due 03-17
    lib.clock.set(at(2026, 4, 7))
    feb = report(lib, period=(date(2026, 2, 1), date(2026, 2, 28)))["council"]
    assert feb["totals"]["overdue_reports"] == 0 and feb["totals"]["tracked_at_end"] == 0
    assert report(lib)["council"]["by_agency"]["EPB"]["overdue_reports"] == 1
    lib.complete(epb, "progress_report", progress_text="辦理中", percent_complete=30, propose_release=False)
    assert report(lib)["council"]["by_agency"]["EPB"]["overdue_reports"] == 1   # late at 03-31
    april = report(lib, period=(date(2026, 4, 1), date(2026, 4, 30)))["council"]
    assert april["by_agency"]["EPB"]["overdue_reports"] == 0


# ---- records audits ------------------------------------------------------------
AREAS = ["intake", "filing", "cataloguing", "storage", "retrieval", "destruction",
         "transfer", "accounts", "electronic"]


def _graded_round(lib) -> int:
    """An audit of two offices visited 2026-06-08: one 優, one 乙 (to re-inspect), graded."""
    lib.clock.set(at(2026, 3, 2))
    cid = lib.start("records_audit", {"title": "115年度區公所檔案管理考評"})
    lib.complete(cid, "plan_audit", audit_year=115, audit_offices=["D-NANZI", "D-ALIAN"], panel="專家")
    for i, row in enumerate(t for t in lib.tasks(cid) if t.element_id == "schedule_visit"):
        lib.engine.complete(row.id, lib_mod.worker(row), {"visit_on": "2026-06-08", "session_number": i + 1})
    lib.advance(days=99)   # the visits were on 06-08, scored 06-09
    for row, total in zip([t for t in lib.tasks(cid) if t.element_id == "score_checklist"], (95, 75)):
        lib.engine.complete(row.id, lib_mod.worker(row), {**{f"score_{a}": total for a in AREAS}, "findings": "意見"})
    lib.advance(days=3)
    for row in [t for t in lib.tasks(cid) if t.element_id == "improvement_report"]:
        lib.engine.complete(row.id, lib_mod.worker(row), {"improvement_items": "改善", "improvement_due": "2026-12-31"})
    lib.complete(cid, "coaching", coaching_notes="輔導")   # the round is now graded
    return cid


def test_audits_with_grades_and_follow_up(lib):
    _graded_round(lib)
    june = report(lib, period=(date(2026, 6, 1), date(2026, 6, 30)))["audits"]
    assert june["totals"] == {"offices_audited": 2, "reinspections_planned": 1, "grade_excellent": 1,
                              "grade_a": 0, "grade_b": 1, "grade_c": 0}
    assert [r["audit_year"] for r in june["rounds"]] == [115]
    assert june["activity"] == {"visits": 2, "improvement_reports": 1, "coaching": 1,
                                "reinspections": 0, "reinspections_open": 0,
                                "reinspections_scheduled": 0}   # the results await approval
    assert report(lib)["audits"]["rounds"] == []   # nothing graded in March


def test_a_planned_reinspection_is_scheduled_a_year_after_its_visit(lib):
    cid = _graded_round(lib)
    lib.complete(cid, "publish_results", results_approved=True)
    june = report(lib, period=(date(2026, 6, 1), date(2026, 6, 30)))["audits"]
    assert june["totals"]["reinspections_planned"] == 1
    assert june["activity"]["reinspections_open"] == 0 and june["activity"]["reinspections_scheduled"] == 1
    first = june["reinspections_first"]
    assert first.replace(tzinfo=first.tzinfo or timezone.utc).astimezone(TAIPEI).date() == date(2027, 6, 8)


def test_reinspections_scheduled_and_open_are_counted_at_each_periods_end(lib):
    """The re-inspection of a round approved in June 2026 is not scheduled in
    May (every month read the count of today), stays scheduled at the end of
    June once it is open a year later, and is open at the end of June 2027."""
    cid = _graded_round(lib)
    lib.complete(cid, "publish_results", results_approved=True)
    lib.advance(days=365)   # 2027-06-12: the wait of a year is over, the re-inspection open

    def follow_up(start, end):
        return report(lib, period=(start, end))["audits"]["activity"]
    may, june = follow_up(date(2026, 5, 1), date(2026, 5, 31)), follow_up(date(2026, 6, 1), date(2026, 6, 30))
    next_june = follow_up(date(2027, 6, 1), date(2027, 6, 30))
    assert (may["reinspections_scheduled"], may["reinspections_open"]) == (0, 0)
    assert (june["reinspections_scheduled"], june["reinspections_open"]) == (1, 0)
    assert (next_june["reinspections_scheduled"], next_june["reinspections_open"]) == (0, 1)


def test_a_graded_round_lists_its_offices_not_its_case_number(lib):
    cid = _graded_round(lib)
    (june,) = report(lib, period=(date(2026, 6, 1), date(2026, 6, 30)))["audits"]["rounds"]
    assert lib.case(cid).number not in repr(june)
    offices = june["offices"]   # one visit day: by office
    assert [(o["office"], o["visit_day"]) for o in offices] == [("D-ALIAN", date(2026, 6, 8)),
                                                                ("D-NANZI", date(2026, 6, 8))]
    assert sorted((o["grade"], o["reinspection"]) for o in offices) == [("乙", True), ("優", False)]


# ---- dates ---------------------------------------------------------------------
def test_presets_and_bad_periods():
    today = date(2026, 8, 15)
    assert preset("month", today) == (date(2026, 8, 1), date(2026, 8, 31))
    assert preset("last_month", today) == (date(2026, 7, 1), date(2026, 7, 31))
    assert preset("quarter", today) == (date(2026, 7, 1), date(2026, 9, 30))
    assert preset("half", today) == (date(2026, 7, 1), date(2026, 12, 31))
    assert preset("year", today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert preset("last_month", date(2026, 1, 5)) == (date(2025, 12, 1), date(2025, 12, 31))
    with pytest.raises(PeriodError):
        parse_day("2026-02-30")
    with pytest.raises(PeriodError):
        preset("decade", today)


def test_reversed_period_is_refused(lib):
    with pytest.raises(PeriodError):
        report(lib, period=(date(2026, 3, 31), date(2026, 3, 1)))


def test_resolutions_tracked_add_up_across_periods(lib):
    """期初 + 交辦 - 解除 = 期末, and a month's start is the month before's end
    (walked: 工務局 in November, 2 assigned, 2 released, 4 still tracked)."""
    old = resolution(lib, at(2026, 2, 10), 477, "2026-02-09", "PWB")
    resolution(lib, at(2026, 2, 17), 478, "2026-02-16", "PWB")
    resolution(lib, at(2026, 3, 3), 480, "2026-03-02", "PWB")
    lib.clock.set(at(2026, 3, 12))
    lib.complete(old, "progress_report", progress_text="完成", percent_complete=100, propose_release=True)
    lib.complete(old, "review_progress", released=True, review_comment="解除列管")
    lib.clock.set(at(2026, 4, 7))
    feb = report(lib, period=(date(2026, 2, 1), date(2026, 2, 28)))["council"]["by_agency"]["PWB"]
    march = report(lib)["council"]["by_agency"]["PWB"]
    assert (feb["tracked_at_start"], feb["tracked_at_end"]) == (0, 2)
    assert march["tracked_at_start"] == feb["tracked_at_end"]
    assert march["tracked_at_start"] + march["assigned"] - march["released"] == march["tracked_at_end"] == 2


def test_a_saved_wording_naming_mediations_held_still_counts_cases(lib):
    """「調解 {mediations_held} 件」, saved when the figure counted mediations,
    still counts them when one met twice; sessions are {mediation_sessions}."""
    from engine.report import placeholders, prose
    _mediation_meeting_twice(lib, at(2026, 3, 20), at(2026, 3, 27))
    values = placeholders.values(report(lib, period=MARCH))
    filled = {k: str(v) for k, v in values.items()}
    assert prose.render("調解 {mediations_held} 件", filled) == "調解 1 件"
    assert prose.render("召開調解 {mediation_sessions} 場次", filled) == "召開調解 2 場次"
    assert "{mediation_sessions}" in prose.defaults()["consumer"]
    assert "{mediations_held}" not in prose.defaults()["consumer"]
