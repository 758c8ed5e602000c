"""A joint inspection's visit on the task page: whoever records the visit
reads the planned day and whether prosecutors come along (the model's
show_fields) beside the items and places of the case's words."""
import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.data.schema import case
from webapp import users
from webtest_support import PASSWORD, ready_task

BPMN = Path(__file__).resolve().parents[2] / "bpmn"


@pytest.fixture
def library(app, rt, db):
    rt.deploy({p.name: p.read_bytes() for p in BPMN.iterdir() if p.suffix in (".bpmn", ".dmn")})
    with db.begin() as conn:
        users.add_user(conn, "cpo1", "CPO", ["officer"], PASSWORD)
        users.add_user(conn, "cpo2", "CPO", ["officer"], PASSWORD)
    return app


def _recalled(page: str) -> str:
    """The text of the page's 本案先前登錄的內容 section."""
    part = page[page.index('id="cp-recalled-h"'):]
    part = html.unescape(re.sub(r"<[^>]+>", " ", "<h2 " + part[:part.index("</section>")]))
    return re.sub(r"\s+", " ", part).strip()


def test_the_visit_record_reads_the_planned_day_and_the_prosecutors(library, rt, db, client_for):
    resp = client_for("cpo1").post("/cases/new/consumer_inspection", data={
        "competent_agency": "DOH", "inspection_theme": "epidemic_supplies", "items": "口罩、酒精",
        "places": "三民區藥局及量販店", "visit_on": "2026-03-04", "with_prosecutors": "true"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    with db.connect() as conn:
        cid = conn.execute(select(case.c.id).where(case.c.process_key == "consumer_inspection")).scalar_one()
    officer = client_for("cpo2")
    step = ready_task(rt, cid, "joint_visit")
    officer.post(f"/tasks/{step.id}/claim")
    page = officer.get(f"/tasks/{step.id}").get_data(as_text=True)
    assert _recalled(page) == "本案先前登錄的內容 查察日期 115/03/04 會同檢調機關 是"
    resp = officer.post(f"/tasks/{step.id}/complete", data={
        "visited_on": "2026-03-02", "team": "消保官 王○○、衛生局 李○○、地檢署 陳○○"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
