"""A cross-agency petition the agencies disagree on, at the common superior:
the ruling supervisor reads the lead agency's consolidated opinion (彙整意見,
the model's show_fields) beside the co-handling agencies' opinions."""
import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.data.schema import task
from webapp import users
from webtest_support import PASSWORD, make_case, ready_task

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
CONSOLIDATED = "警察局認為噪音應由其依社會秩序維護法取締，與本局輔導攤商之方向不同。"


@pytest.fixture
def library(app, rt, db):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        for name, code, role in (("edb1", "EDB", "officer"), ("pol1", "POL", "officer"),
                                 ("trb1", "TRB", "officer"), ("kcgboss", "KCG", "supervisor")):
            users.add_user(conn, name, code, [role], PASSWORD)
    return app


def _recalled(page: str) -> str:
    """The text of the page's 本案先前登錄的內容 section ('' when none)."""
    if 'id="cp-recalled-h"' not in page:
        return ""
    part = page[page.index('id="cp-recalled-h"'):]
    part = html.unescape(re.sub(r"<[^>]+>", " ", "<h2 " + part[:part.index("</section>")]))
    return re.sub(r"\s+", " ", part).strip()


def _work(client, rt, case_id, element, data, agency=None):
    """Claim the case's open `element` (of `agency`) on `client`, read its page, complete it."""
    if agency:   # co-handling: one open step per agency
        with rt.db.connect() as conn:
            step = conn.execute(select(task).where(
                task.c.case_id == case_id, task.c.element_id == element, task.c.state == "ready",
                task.c.candidate_agency == agency)).one()
    else:
        step = ready_task(rt, case_id, element)
    client.post(f"/tasks/{step.id}/claim")
    page = client.get(f"/tasks/{step.id}").get_data(as_text=True)
    resp = client.post(f"/tasks/{step.id}/complete", data=data)
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    return _recalled(page)


def test_the_common_superior_reads_the_lead_agencys_consolidated_opinion(library, rt, client_for):
    cid = make_case(library, rt, category="night_market", district="D-XINXING", subject="夜市噪音",
                    content="六合夜市攤商深夜噪音擾鄰").case_id
    for user, agency in (("epb1", "EPB"), ("pol1", "POL"), ("trb1", "TRB")):
        _work(client_for(user), rt, cid, "co_opinion_task", {
            "co_opinion_text": f"{agency} 意見", "co_agrees": "false" if agency == "POL" else "true"}, agency)
    assert _work(client_for("edb1"), rt, cid, "consolidate",
                 {"consolidated_opinion": CONSOLIDATED, "agencies_agree": "false"}) == ""
    ruling = _work(client_for("kcgboss"), rt, cid, "coordinate",
                   {"coordination_ruling": "由警察局主辦取締噪音", "responsible_agency": "POL"})
    assert ruling == f"本案先前登錄的內容 彙整意見 {CONSOLIDATED}"
