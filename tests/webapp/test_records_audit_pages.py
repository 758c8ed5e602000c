"""A records audit opens the same steps once per district office it visits:
each inbox row and each task page says which office (the model's `item`)."""
import re

import pytest
from sqlalchemy import select

from engine.data.schema import task
from webtest_support import deploy_library, login, page_text

OFFICES = {"D-GUSHAN": "鼓山區公所", "D-SANMIN": "三民區公所", "D-ZUOYING": "左營區公所"}


@pytest.fixture
def audit(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"])])
    client = login(app.test_client(), "doa1")
    resp = client.post("/cases/new/records_audit", data={
        "audit_year": "115", "audit_offices": list(OFFICES), "visits_from": "2026-06-01",
        "visits_until": "2026-06-30", "panel": "王教授"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    return client


def test_each_visit_to_schedule_names_its_office(audit, db):
    rows = page_text(audit.get("/inbox?view=queue").get_data(as_text=True))
    for name in OFFICES.values():
        assert f"排定實地考評（{name}）" in rows
    with db.connect() as conn:
        steps = conn.execute(select(task.c.id, task.c.item).where(task.c.state == "ready")).all()
    assert sorted(item for _id, item in steps) == sorted(OFFICES)
    step, office = steps[0]
    audit.post(f"/tasks/{step}/claim")
    page = audit.get(f"/tasks/{step}").get_data(as_text=True)
    assert re.search(rf"<h1>排定實地考評（{OFFICES[office]}）", page)
    assert office not in page_text(page)          # the code is never shown
    audit.post("/lang/en")
    english = page_text(audit.get(f"/tasks/{step}").get_data(as_text=True))
    assert re.search(r"Schedule the visit \(\w+ District Office\)", english) and office not in english
