"""A cross-agency petition the agencies disagree on, at the common superior:
the ruling supervisor reads the lead agency's consolidated opinion (彙整意見,
the model's show_fields) beside the co-handling agencies' opinions."""
import pytest

from webtest_support import deploy_library, make_case, recalled, work_step

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
