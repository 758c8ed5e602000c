"""A cross-agency petition the agencies disagree on, at the common superior:
the ruling supervisor reads the lead agency's consolidated opinion (彙整意見,
the model's show_fields) beside the co-handling agencies' opinions."""
import pytest

from webtest_support import deploy_library, make_case, page_text, ready_task, recalled, work_step

CONSOLIDATED = "警察局認為噪音應由其依社會秩序維護法取締，與本局輔導攤商之方向不同。"


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("edb1", "EDB", ["officer"]), ("pol1", "POL", ["officer"]),
                            ("trb1", "TRB", ["officer"]), ("kcgboss", "KCG", ["supervisor"])])
    return app


def test_the_common_superior_reads_the_lead_agencys_consolidated_opinion(library, rt, client_for):
    cid = make_case(library, rt, category="night_market", district="D-XINXING", subject="夜市噪音",
                    content="六合夜市攤商深夜噪音擾鄰").case_id
    for user, agency in (("epb1", "EPB"), ("pol1", "POL"), ("trb1", "TRB")):
        work_step(client_for(user), rt, cid, "co_opinion_task", {
            "co_opinion_text": f"{agency} 意見", "co_agrees": "false" if agency == "POL" else "true"}, agency)
    assert recalled(work_step(client_for("edb1"), rt, cid, "consolidate",
                              {"consolidated_opinion": CONSOLIDATED, "agencies_agree": "false"})) == ""
    ruling = recalled(work_step(client_for("kcgboss"), rt, cid, "coordinate",
                                {"coordination_ruling": "由警察局主辦取締噪音", "responsible_agency": "POL"}))
    assert ruling == f"本案先前登錄的內容 彙整意見 {CONSOLIDATED}"


def test_a_step_created_after_the_deadline_says_so(library, rt, client_for, clock):
    """Co-handling overran the case's deadline: the lead agency's consolidate
    is created already overdue (the deadline stays) and its page says why."""
    cid = make_case(library, rt, category="night_market", district="D-XINXING", subject="夜市噪音",
                    content="六合夜市攤商深夜噪音擾鄰").case_id
    first = page_text(work_step(client_for("epb1"), rt, cid, "co_opinion_task", {
        "co_opinion_text": "EPB 意見", "co_agrees": "true"}, "EPB"))
    assert "屆滿" not in first                       # created in time: nothing to explain
    due = ready_task(rt, cid, "co_opinion_task").due_at
    clock.advance(days=15)                          # the others answer after the deadline
    for user, agency in (("pol1", "POL"), ("trb1", "TRB")):
        work_step(client_for(user), rt, cid, "co_opinion_task", {
            "co_opinion_text": f"{agency} 意見", "co_agrees": "true"}, agency)
    consolidate = ready_task(rt, cid, "consolidate")
    assert consolidate.due_at == due                 # the case's deadline does not move
    page = page_text(client_for("edb1").get(f"/tasks/{consolidate.id}").get_data(as_text=True))
    assert "本案期限已於民國115年3月16日屆滿，本步驟於期限過後才產生，請儘速辦理。" in page
