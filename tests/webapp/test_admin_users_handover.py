"""/admin/users/<username>: people move between bureaus every month. The
account page counts the open tasks the person holds; moved to another agency
(or deactivated), the tasks they hold in the old agency go back to its queue
in the same transaction as the account change, each with its audit row, and
the message says how many. A task completed meanwhile is left as it is. A new
account's agency is chosen, never defaulted to the first in the list."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from engine.cases.actors import Actor
from engine.data.schema import audit, task
from webapp import users
from webtest_support import make_case, ready_task

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))
PWB2 = Actor("pwb2", "PWB", frozenset({"officer"}))


@pytest.fixture
def held(app, rt):
    """Three street-light cases at PWB's 'handle' claimed by pwb1, one by pwb2:
    {"pwb1": [task ids], "pwb2": [task id]}."""
    out = {"pwb1": [], "pwb2": []}
    for who in (PWB1, PWB1, PWB1, PWB2):
        step = ready_task(rt, make_case(app, rt).case_id, "handle")
        rt.claim(step.id, who)
        out[who.username].append(step.id)
    return out


def _tasks(db, ids):
    with db.connect() as conn:
        return {r.id: (r.state, r.assignee) for r in conn.execute(
            select(task.c.id, task.c.state, task.c.assignee).where(task.c.id.in_(ids)))}


def _unclaims(db):
    with db.connect() as conn:
        return [(r.task_id, r.actor, json.loads(r.detail)) for r in conn.execute(
            select(audit.c.task_id, audit.c.actor, audit.c.detail)
            .where(audit.c.action == "unclaim").order_by(audit.c.id))]


def _complete_meanwhile(db, task_id):
    """The officer finishes a task after the administrator opened the page."""
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.id == task_id).values(
            state="completed", completed_by="pwb1"))


def _follow(client, resp) -> str:
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    return client.get(resp.headers["Location"]).get_data(as_text=True)


def test_the_account_page_counts_the_open_tasks_held_and_warns_before_a_move(
        client_for, db, held, clock):
    with db.begin() as conn:   # one of them overdue
        conn.execute(update(task).where(task.c.id == held["pwb1"][0])
                     .values(due_at=clock.now() - timedelta(days=1)))
    page = client_for("admin").get("/admin/users/pwb1").get_data(as_text=True)
    assert "工務局：3 件（逾期 1 件）" in page
    assert "改為其他機關時，其在工務局經手中的 3 件工作將退回機關待領。" in page
    assert "停用後，其經手中的 3 件工作將退回機關待領。" in page
    assert "工務局：3 件" in client_for("pwbboss").get("/admin/users/pwb1").get_data(as_text=True)
    clerk_page = client_for("admin").get("/admin/users/clerk").get_data(as_text=True)
    assert 'id="held">無</dd>' in clerk_page and "退回機關待領" not in clerk_page


def test_a_move_returns_the_tasks_held_in_the_old_agency_with_audit_and_says_how_many(
        client_for, db, held):
    admin = client_for("admin")
    resp = admin.post("/admin/users/pwb1", data={"agency": "PWB", "roles": ["officer"]})
    assert "已儲存帳號 pwb1。" in _follow(admin, resp) and _unclaims(db) == []   # same agency
    assert "工務局：3 件" in admin.get("/admin/users/pwb1").get_data(as_text=True)  # the page said 3 ...
    _complete_meanwhile(db, held["pwb1"][2])   # ... then pwb1 finished one
    resp = admin.post("/admin/users/pwb1", data={"display_name": "王小明", "agency": "EPB",
                                                 "roles": ["officer"]})
    assert "已儲存帳號 pwb1，並將其在工務局經手中的 2 件工作退回機關待領。" in _follow(admin, resp)
    moved, finished = held["pwb1"][:2], held["pwb1"][2]
    states = _tasks(db, held["pwb1"] + held["pwb2"])
    assert [states[t] for t in moved] == [("ready", None)] * 2
    assert states[finished] == ("completed", "pwb1")           # not reopened
    assert states[held["pwb2"][0]] == ("ready", "pwb2")        # a colleague's stays theirs
    trail = _unclaims(db)
    assert sorted(t for t, _, _ in trail) == sorted(moved)
    assert all(actor == "admin" and d["previous"] == "pwb1" and d["agency"] == "PWB"
               for _, actor, d in trail)
    queue = client_for("pwb2").get("/inbox?view=queue").get_data(as_text=True)
    assert all(t in queue for t in moved)


def test_the_account_and_its_tasks_change_together_or_not_at_all(
        app, client_for, db, held, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")
    monkeypatch.setattr("webapp.users.handover.release", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    resp = client_for("admin").post("/admin/users/pwb1", data={"agency": "EPB",
                                                              "roles": ["officer"]})
    assert resp.status_code == 500
    with db.connect() as conn:
        assert users.get_user(conn, "pwb1").agency_code == "PWB"
    assert _tasks(db, held["pwb1"])[held["pwb1"][0]] == ("ready", "pwb1")


def test_deactivation_returns_the_tasks_held_and_says_how_many(client_for, db, held):
    admin = client_for("admin")
    _complete_meanwhile(db, held["pwb1"][0])
    resp = admin.post("/admin/users/pwb1/active", data={"active": "0"})
    assert ("pwb1 已停用：已登入的工作階段已結束，API 權杖已永久撤銷，"
            "並將其在工務局經手中的 2 件工作退回機關待領。") in _follow(admin, resp)
    states = _tasks(db, held["pwb1"])
    assert states[held["pwb1"][0]] == ("completed", "pwb1")
    assert [states[t] for t in held["pwb1"][1:]] == [("ready", None)] * 2
    assert sorted(t for t, _, _ in _unclaims(db)) == sorted(held["pwb1"][1:])
    resp = admin.post("/admin/users/pwb1/active", data={"active": "1"})
    assert "pwb1 已恢復啟用" in _follow(admin, resp) and len(_unclaims(db)) == 2


def test_a_new_account_without_an_agency_is_refused_beside_the_field(client_for, db):
    admin = client_for("admin")
    form = admin.get("/admin/users/new").get_data(as_text=True)
    choice = form[form.index('<select id="agency"'):]
    assert choice.index('value="">請選擇機關</option>') < choice.index('value="PWB"')
    resp = admin.post("/admin/users/new", data={"username": "lin", "roles": ["officer"],
                                                "password": "a-long-first-pass"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert '<p class="field-error" id="agency-err">請選擇此人所屬的機關。</p>' in html
    with db.connect() as conn:
        assert users.get_user(conn, "lin") is None
    resp = admin.post("/admin/users/new", data={"username": "lin", "agency": "", "roles": ["officer"],
                                                "password": "a-long-first-pass"})
    assert resp.status_code == 422 and 'id="agency-err"' in resp.get_data(as_text=True)
