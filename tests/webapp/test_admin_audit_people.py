"""The admin's audit trail names the people inside a detail by their display
name (原承辦人：陳怡君, 使用者：陳怡君), not their login, which only the 使用者
column shows; an unknown login reads as stored. The page reads every name in
one query; the CSV says the same (webapp/views/admin/audit_words.py)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import update

import webapp.people
from engine.data import audit
from engine.data.schema import app_user
from webtest_support import page_text, ready_task


def _named(db, **names):
    with db.begin() as conn:
        for username, name in names.items():
            conn.execute(update(app_user).where(app_user.c.username == username)
                         .values(display_name=name))


def _rows(client, query: str) -> list[str]:
    html = client.get(f"/admin/audit?{query}").get_data(as_text=True)
    table = html[html.index('<table id="audit"'):]
    return [page_text(row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]]


def _released(registered_case, rt, client_for):
    """pwb1 claims the handle; his supervisor pwbboss releases it."""
    handle = ready_task(rt, registered_case.case_id, "handle")
    client_for("pwb1").post(f"/tasks/{handle.id}/claim")
    assert ready_task(rt, registered_case.case_id, "handle").assignee == "pwb1"
    client_for("pwbboss").post(f"/tasks/{handle.id}/unclaim")
    assert ready_task(rt, registered_case.case_id, "handle").assignee is None


def test_a_released_task_names_its_officer(registered_case, rt, db, client_for):
    _named(db, pwb1="陳怡君", pwbboss="王科長")
    _released(registered_case, rt, client_for)
    admin = client_for("admin")
    [row] = _rows(admin, f"case_number={registered_case.number}&action=unclaim")
    assert "原承辦人：陳怡君" in row, row
    assert "王科長 pwbboss" in row   # the 使用者 column: the name, the login under it
    assert "pwb1" not in row
    csv = admin.get(f"/admin/audit.csv?case_number={registered_case.number}&action=unclaim")
    text = csv.get_data(as_text=True)
    assert "原承辦人：陳怡君" in text and "pwb1" not in text


def test_account_details_name_people_and_an_unknown_login_reads_as_stored(app, db, client_for,
                                                                          monkeypatch):
    _named(db, pwb1="陳怡君", pwbboss="王科長")
    now = datetime.now(timezone.utc)
    with db.begin() as conn:
        audit.record(conn, case_id=None, at=now, actor="admin", action="password_reset",
                     user="pwb1")
        audit.record(conn, case_id=None, at=now, actor="admin", action="user_deactivated",
                     user="gone.lee")
        audit.record(conn, case_id=None, at=now, actor="pwbboss", action="reassign",
                     previous="pwb1", to="pwbboss")
    admin = client_for("admin")
    asked = []
    real = webapp.people.display_names
    monkeypatch.setattr(webapp.people, "display_names",
                        lambda conn, names: asked.append(set(names)) or real(conn, names))
    rows = _rows(admin, "since=")
    assert len(asked) == 1, asked   # one query for the page's actors and named people
    assert any("使用者：陳怡君" in r for r in rows), rows   # a person, not an account
    assert any("使用者：gone.lee" in r for r in rows), rows
    assert any("原承辦人：陳怡君；改由：王科長" in r for r in rows), rows
    assert not any("帳號：" in r for r in rows), rows
    admin.post("/lang/en", data={"next": "/admin/audit"})
    english = _rows(admin, "since=")
    assert any("user: 陳怡君" in r for r in english) and not any("account:" in r for r in english)
