"""主辦機關 on the case panel before routing: an oral petition is routed only
after its read-back, so on the 朗讀確認 step (and the case page) the panel
names the lead agency the clerk chose at intake, or the routing rules'
suggestion, saying it is not routed yet; once routed, the case's own."""
import re

from sqlalchemy import select

from engine.data.schema import case
from webapp.roc_dates import format_roc_datetime
from webtest_support import ready_task

ZH = {"Accept-Language": "zh-TW"}


def _oral(clerk, clock, db, **over):
    data = {"received_at": format_roc_datetime(clock.now()), "channel": "counter",
            "subject": "排水溝堵塞", "content": "三民區某巷排水溝堵塞", "category": "street_light",
            "district": "D-SANMIN", "language": "zh_TW", "art173_ground": "none",
            "person_name": "陳大文", "person_phone": "0911222333", **over}
    assert clerk.post("/intake/new", data=data).status_code == 302
    receipt = clerk.get("/intake/receipt").get_data(as_text=True)
    number = receipt.split('id="receipt-number">')[1].split("<")[0]
    with db.connect() as conn:
        return conn.execute(select(case).where(case.c.number == number)).first()


def _lead(html: str) -> str:
    return re.sub(r"\s+", " ", html.split('id="cp-lead">')[1].split("</dd>")[0])


def test_the_read_back_step_names_the_agency_the_clerk_chose(client_for, clock, db, rt):
    clerk = client_for("clerk")
    c = _oral(clerk, clock, db, routed_agency="WRB")
    assert c.responsible_agency is None                     # routed only after the read-back
    step = ready_task(rt, c.id, "read_back")
    page = clerk.get(f"/tasks/{step.id}", headers=ZH).get_data(as_text=True)
    lead = _lead(page)
    assert "水利局" in lead and "登記時指定" in lead and "—" not in lead
    assert "水利局" in _lead(clerk.get(f"/cases/{c.number}", headers=ZH).get_data(as_text=True))


def test_without_her_choice_the_routing_rules_suggestion_is_shown_as_such(client_for, clock, db, rt):
    clerk = client_for("clerk")
    c = _oral(clerk, clock, db)
    step = ready_task(rt, c.id, "read_back")
    lead = _lead(clerk.get(f"/tasks/{step.id}", headers=ZH).get_data(as_text=True))
    assert "工務局" in lead and "依分案規則建議" in lead and "尚未分案" in lead


def test_once_routed_the_case_names_its_own_agency_plainly(client_for, clock, db, rt):
    clerk = client_for("clerk")
    c = _oral(clerk, clock, db, routed_agency="WRB")
    step = ready_task(rt, c.id, "read_back")
    clerk.post(f"/tasks/{step.id}/claim")
    resp = clerk.post(f"/tasks/{step.id}/complete", data={
        "read_back_text": "三民區某巷排水溝堵塞", "read_back_confirmed": "true"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    lead = _lead(clerk.get(f"/cases/{c.number}", headers=ZH).get_data(as_text=True))
    assert "水利局" in lead and "尚未分案" not in lead and "登記時指定" not in lead
