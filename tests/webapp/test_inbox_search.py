"""The inbox's search box finds a records audit's visit by the office's name,
as its row reads it: 排定實地考評（鼓山區公所）."""
from urllib.parse import quote

from webtest_support import deploy_library, login, page_text

OFFICES = {"D-GUSHAN": "鼓山區公所", "D-SANMIN": "三民區公所", "D-ZUOYING": "左營區公所"}


def test_searching_an_office_name_lists_its_visit_and_no_other(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"])])
    client = login(app.test_client(), "doa1")
    resp = client.post("/cases/new/records_audit", data={
        "audit_year": "115", "audit_offices": list(OFFICES), "visits_from": "2026-06-01",
        "visits_until": "2026-06-30", "panel": "王教授"})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1500]
    rows = page_text(client.get(f"/inbox?view=queue&q={quote('鼓山')}").get_data(as_text=True))
    assert "排定實地考評（鼓山區公所）" in rows
    assert "三民區公所" not in rows and "左營區公所" not in rows
