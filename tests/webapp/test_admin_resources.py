"""/admin/resources: cars, drivers and rooms by kind, add (a taken code and
a bad capacity refused beside the field in zh-TW), edit, take out of service
and back; each change audited; a resource's upcoming bookings listed."""
from __future__ import annotations

import json

from sqlalchemy import select

from engine.data.schema import audit, resource
from engine.demo.bookings import load_resources
from engine.resources import reservations

NEW = {"kind": "car", "code": "RBK-2199", "name_zh": "油電公務車", "name_en": "Hybrid car",
       "centre": "fengshan", "capacity": "5"}


def _row(db, code):
    with db.connect() as conn:
        return conn.execute(select(resource).where(resource.c.code == code)).first()


def _actions(db):
    with db.connect() as conn:
        return [(r.action, json.loads(r.detail)) for r in conn.execute(
            select(audit.c.action, audit.c.detail).where(audit.c.action.like("resource_%"))
            .order_by(audit.c.id))]


def test_list_by_kind_in_chinese_and_admins_only(client_for, db):
    load_resources(db)
    html = client_for("admin").get("/admin/resources").get_data(as_text=True)
    assert "公務轎車（一）" in html and "駕駛 陳建宏" in html and "四維行政中心 大禮堂" in html
    assert "鳳山行政中心" in html and "使用中" in html
    assert client_for("doaboss").get("/admin/resources").status_code == 403


def test_add_edit_and_take_out_of_service_with_audit(client_for, db):
    client = client_for("admin")
    assert client.post("/admin/resources/new", data=NEW).status_code == 302
    assert (_row(db, "RBK-2199").capacity, _row(db, "RBK-2199").centre) == (5, "fengshan")
    edit = {k: v for k, v in NEW.items() if k not in ("kind", "code")} | {"capacity": "7"}
    assert client.post("/admin/resources/RBK-2199", data=edit).status_code == 302
    assert _row(db, "RBK-2199").capacity == 7
    assert client.post("/admin/resources/RBK-2199/active", data={"active": "0"}).status_code == 302
    assert _row(db, "RBK-2199").active is False
    assert [a for a, _ in _actions(db)] == ["resource_added", "resource_changed", "resource_deactivated"]
    assert _actions(db)[1][1]["before"]["capacity"] == 5


def test_a_taken_code_and_a_bad_capacity_are_refused_beside_the_field(client_for, db):
    load_resources(db)
    resp = client_for("admin").post("/admin/resources/new",
                                    data=NEW | {"code": "RBK-2101", "capacity": "五"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "此代碼已有其他車輛、駕駛或場地使用" in html and "請輸入整數" in html


def test_a_resource_page_lists_its_upcoming_bookings(client_for, db, rt, registered_case, clock):
    load_resources(db)
    with db.begin() as conn:
        reservations.reserve(conn, code="SW-R1", case_id=registered_case.case_id,
                             starts_at="2026-03-10T14:00", ends_at="2026-03-10T16:00", now=clock.now())
    html = client_for("admin").get("/admin/resources/SW-R1").get_data(as_text=True)
    assert registered_case.number in html and "115/03/10 14:00–16:00" in html
    html = client_for("admin").get("/admin/resources/SW-R2").get_data(as_text=True)
    assert "近期沒有預約，可供使用" in html
