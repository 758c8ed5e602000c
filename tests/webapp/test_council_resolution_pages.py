"""A council resolution's rounds on the task pages: the evaluation commission
(研考會) reads the agency's progress report beside its review, and the agency
reads the commission's comment beside its next report (the model's
show_fields)."""
import re
from pathlib import Path

import pytest

from engine.cases.actors import Actor
from webapp import users
from webtest_support import PASSWORD, ready_task

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
DOA = Actor("doa1", "DOA", frozenset({"officer"}))
REPORT = "夜市周邊已增設垃圾桶十二處，清潔班每晚加派兩趟。"
COMMENT = "請補充六合夜市周邊巡查紀錄，下期一併填報。"


@pytest.fixture
def resolution(app, rt, db):
    """A resolution recorded and assigned to EPB: its first progress report open."""
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
        users.add_user(conn, "rdec1", "RDEC", ["officer"], PASSWORD)
    case_id = rt.start_case("council_resolution", {"title": "第470次市政會議決議"}, actor=DOA)["id"]
    record = ready_task(rt, case_id, "record_resolution")
    rt.claim(record.id, DOA)
    rt.complete(record.id, DOA, {"meeting_number": 470, "meeting_date": "2026-02-24",
                                 "resolution_text": "加強夜市周邊環境清潔",
                                 "responsible_agency": "EPB", "report_interval_days": 30})
    return case_id


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _work(client, rt, case_id, element, data):
    """Claim the case's open `element` on `client`, read its page, complete it."""
    step = ready_task(rt, case_id, element)
    client.post(f"/tasks/{step.id}/claim")
    page = _text(client.get(f"/tasks/{step.id}").get_data(as_text=True))
    resp = client.post(f"/tasks/{step.id}/complete", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    return page


def test_each_side_reads_the_others_last_words(resolution, rt, client_for):
    epb, rdec = client_for("epb1"), client_for("rdec1")
    first = _work(epb, rt, resolution, "progress_report",
                  {"progress_text": REPORT, "percent_complete": "40", "propose_release": "false"})
    assert "本案先前登錄的內容 審查意見 未登錄" in first   # nothing from the commission yet
    review = _work(rdec, rt, resolution, "review_progress",
                   {"released": "false", "review_comment": COMMENT})
    assert f"本案先前登錄的內容 辦理情形 {REPORT} 完成百分比 40 是否建議解除列管 建議繼續列管" in review
    step = ready_task(rt, resolution, "progress_report")
    epb.post(f"/tasks/{step.id}/claim")
    second = _text(epb.get(f"/tasks/{step.id}").get_data(as_text=True))
    assert f"審查意見 {COMMENT}" in second
