"""Who declared a closure on the working calendar reads as the person's
name (系統管理員), as the audit page and the case pages name people, not
as the account code."""
from __future__ import annotations

import re

from sqlalchemy import update

from engine.data.schema import app_user


def test_the_closure_names_who_declared_it(client_for, db):
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "admin")
                     .values(display_name="系統管理員"))
    client = client_for("admin")
    client.post("/admin/calendar", data={"day": "2026-03-04", "kind": "holiday",
                                         "reason": "凱米颱風停止上班"})
    page = client.get("/admin/calendar?year=2026").get_data(as_text=True)
    row = next(r for r in page.split("<tr data-day=")[1:] if "凱米颱風停止上班" in r)
    declared = re.search(r'<div>([^<]*)<br><span class="hint">民國', row).group(1)
    assert declared == "系統管理員"
