"""/admin/agencies: list in the city's listing with parent and kind, add, rename, change
the parent (a cycle is refused beside the field), deactivate and reactivate;
each change with its audit row."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from engine.data import agency_order
from engine.data.schema import agency, audit


def _agency(db, code):
    with db.connect() as conn:
        return conn.execute(select(agency).where(agency.c.code == code)).first()


def _actions(db):
    with db.connect() as conn:
        return [(r.action, json.loads(r.detail)) for r in conn.execute(
            select(audit.c.action, audit.c.detail).where(audit.c.case_id.is_(None))
            .order_by(audit.c.id))]


NEW = {"code": "TYB", "name_zh": "颱風應變小組", "name_en": "Typhoon Response Team",
       "kind": "office", "parent_code": "DOA", "email": ""}


def test_list_shows_names_kinds_and_parents_in_chinese(client_for):
    html = client_for("admin").get("/admin/agencies").get_data(as_text=True)
    assert "工務局" in html and "高雄市政府" in html and "區公所" in html
    assert "機關" in html   # the tab


def test_the_list_reads_in_the_citys_listing_an_added_agency_after(client_for):
    admin = client_for("admin")
    assert admin.post("/admin/agencies/new", data=NEW).status_code == 302
    html = admin.get("/admin/agencies").get_data(as_text=True)
    shown = re.findall(r'<tr data-agency="([^"]+)"', html)
    listing = [a["code"] for a in json.loads(agency_order.REFERENCE.read_text(encoding="utf-8"))]
    assert shown == [*listing, "TYB"]   # not by name: 高雄市政府 first, 行政暨國際處 next


def test_only_admins_see_it(client_for):
    assert client_for("pwbboss").get("/admin/agencies").status_code == 403


def test_add_rename_and_reparent_with_audit(client_for, db):
    client = client_for("admin")
    assert client.post("/admin/agencies/new", data=NEW).status_code == 302
    assert _agency(db, "TYB").parent_code == "DOA"
    edit = dict(NEW, name_zh="防災應變小組", parent_code="KCG")
    del edit["code"]
    assert client.post("/admin/agencies/TYB", data=edit).status_code == 302
    row = _agency(db, "TYB")
    assert (row.name_zh, row.parent_code) == ("防災應變小組", "KCG")
    actions = _actions(db)
    assert actions[-2][0] == "agency_created"
    assert actions[-1] == ("agency_changed", {"agency": "TYB",
                           "before": {"name_zh": "颱風應變小組", "parent_code": "DOA"},
                           "after": {"name_zh": "防災應變小組", "parent_code": "KCG"}})


def test_a_parent_under_the_agency_is_refused_beside_the_field(client_for, db):
    client = client_for("admin")
    client.post("/admin/agencies/new", data=NEW)           # TYB under DOA
    doa = _agency(db, "DOA")
    resp = client.post("/admin/agencies/DOA", data={
        "name_zh": doa.name_zh, "name_en": doa.name_en, "kind": doa.kind,
        "parent_code": "TYB", "email": doa.email or ""})
    assert resp.status_code == 422
    assert "不能是自己的上級" in resp.get_data(as_text=True)
    assert _agency(db, "DOA").parent_code == "KCG"


def test_duplicate_code_and_missing_name_are_said_in_chinese(client_for):
    resp = client_for("admin").post("/admin/agencies/new", data=dict(NEW, code="PWB", name_zh=""))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "此代碼已有機關使用" in html and "請輸入中文名稱" in html


def test_deactivate_and_reactivate(client_for, db):
    client = client_for("admin")
    client.post("/admin/agencies/EPB/active", data={"active": "0"})
    assert not _agency(db, "EPB").active
    assert 'value="EPB"' not in client.get("/admin/users/new").get_data(as_text=True)
    client.post("/admin/agencies/EPB/active", data={"active": "1"})
    assert _agency(db, "EPB").active
    assert [a for a, _ in _actions(db)][-2:] == ["agency_deactivated", "agency_reactivated"]


def test_an_agency_under_a_deactivated_parent_can_still_be_saved(client_for, db):
    client = client_for("admin")
    client.post("/admin/agencies/new", data=NEW)            # TYB under DOA
    client.post("/admin/agencies/DOA/active", data={"active": "0"})
    edit = {k: v for k, v in NEW.items() if k != "code"}
    assert client.post("/admin/agencies/TYB", data=dict(edit, name_zh="防災小組")).status_code == 302
    assert _agency(db, "TYB").parent_code == "DOA"
