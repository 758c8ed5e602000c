"""The bulk run in batches behind the progress bar (webapp/bulk_progress.py):
the plan resolves the selection once, each batch is an ordinary POST that
answers JSON; a task finished meanwhile is a conflict, reported by its case."""
from sqlalchemy import select
from webtest_support import PASSWORD, REPLY, csrf_token, held_by, make_case, ready_task, seeded_app

from engine.cases.actors import Actor
from engine.data.schema import audit, case

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))


def test_the_plan_resolves_all_that_match_and_checks_the_fields(app, rt, client_for):
    cases = held_by(app, rt, 3)
    held_by(app, rt, 1, who="pwb2")   # outside the filter
    boss = client_for("pwbboss")
    plan = boss.post("/inbox/bulk/plan", data={"action": "reassign", "officer": "pwb2",
                                               "all_matching": "1", "assignee": "pwb1"})
    body = plan.get_json()
    assert plan.status_code == 200 and body["total"] == 3
    assert sorted(body["items"]) == sorted(f"{t.id}|pwb1" for _, t in cases)
    assert body["lead"] == "3 件中已有 %n 件改由 pwb2 辦理。"
    assert body["back"] == "/inbox?assignee=pwb1&view=team"
    assert (body["done"], body["conflicts"], body["refused"], body["rows"]) == (0, 0, 0, "")
    # Nothing moved yet: the plan only reads.
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases] == ["pwb1"] * 3
    missing = boss.post("/inbox/bulk/plan", data={"action": "reassign", "task": f"{cases[0][1].id}|pwb1"})
    assert missing.status_code == 422
    assert missing.get_json() == {"fields": {"officer": "請選擇接手的承辦人。"}}


def test_a_batch_moves_its_items_and_reports_one_finished_meanwhile(app, rt, client_for):
    cases = held_by(app, rt, 3)
    boss = client_for("pwbboss")
    rt.complete(cases[0][1].id, PWB1, REPLY)   # pwb1 finishes one after the page was drawn
    resp = boss.post("/inbox/bulk/batch", data={"action": "return",
                                                "task": [f"{t.id}|pwb1" for _, t in cases]})
    body = resp.get_json()
    assert resp.status_code == 200
    assert (body["done"], body["conflicts"], body["refused"]) == (2, 1, 0)
    assert [r["status"] for r in body["results"]] == ["conflict", "ok", "ok"]
    assert f'data-case="{cases[0][0].number}"' in body["rows"]
    assert "已由他人處理：pwb1 已於" in body["rows"]
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases[1:]] == [None, None]
    # The same batch again: nothing is redone, each item is a conflict.
    again = boss.post("/inbox/bulk/batch", data={"action": "return",
                                                 "task": [f"{t.id}|pwb1" for _, t in cases]})
    assert again.get_json()["conflicts"] == 3
    with rt.db.connect() as conn:
        assert len(conn.execute(select(audit.c.id).where(audit.c.action == "unclaim")).all()) == 2


def test_officers_may_not_plan_or_run_a_batch_and_a_batch_is_capped(app, rt, client_for):
    [(_, t)] = held_by(app, rt, 1)
    officer = client_for("pwb2")
    assert officer.post("/inbox/bulk/plan", data={"action": "return", "task": f"{t.id}|pwb1"}
                        ).status_code == 403
    assert officer.post("/inbox/bulk/batch", data={"action": "return", "task": f"{t.id}|pwb1"}
                        ).status_code == 403
    assert ready_task(rt, t.case_id).assignee == "pwb1"
    boss = client_for("pwbboss")
    big = boss.post("/inbox/bulk/batch", data={"action": "return",
                                               "task": [f"t{i}|pwb1" for i in range(101)]})
    assert big.status_code == 422 and "100" in big.get_json()["fields"]["ids"]


def test_a_batch_without_the_csrf_token_is_refused(db, db_url, clock, tmp_path):
    app = seeded_app(db, db_url, clock, tmp_path / "csrf", WTF_CSRF_ENABLED=True)
    rt = app.extensions["civicflow.runtime"]
    [(_, t)] = held_by(app, rt, 1)
    client = app.test_client()
    client.post("/login", data={"username": "pwbboss", "password": PASSWORD,
                                "csrf_token": csrf_token(client.get("/login").data)})
    token = csrf_token(client.get("/inbox?view=team").data)
    data = {"action": "return", "task": f"{t.id}|pwb1"}
    assert client.post("/inbox/bulk/batch", data=data).status_code == 400
    assert ready_task(rt, t.case_id).assignee == "pwb1"
    ok = client.post("/inbox/bulk/batch", data={**data, "csrf_token": token})
    assert ok.status_code == 200 and ok.get_json()["done"] == 1
    app.extensions["civicflow.db"].dispose()


def board_claimed(app, rt, n):
    out = []
    for _ in range(n):
        receipt = make_case(app, rt)
        rt.claim(ready_task(rt, receipt.case_id).id, PWB1)
        out.append(receipt)
    return out


BOARD = {"board_figure": "open", "board_agency": "PWB"}


def test_the_board_plans_the_open_tasks_of_the_cases_and_runs_them_in_batches(app, rt, client_for):
    cases = board_claimed(app, rt, 2)
    boss = client_for("pwbboss")
    plan = boss.post("/board/list/bulk/plan", data={**BOARD, "action": "return", "all_matching": "1"})
    body = plan.get_json()
    assert plan.status_code == 200 and (body["field"], body["total"]) == ("task", 2)
    assert body["back"] == "/board/list?figure=open&agency=PWB"
    batch = boss.post("/board/list/bulk/batch", data={"action": "return", "task": body["items"]})
    assert batch.get_json()["done"] == 2
    assert {ready_task(rt, c.case_id).assignee for c in cases} == {None}
    # An officer may neither plan nor cancel; a supervisor may not cancel either.
    assert client_for("pwb1").post("/board/list/bulk/plan", data={
        **BOARD, "action": "return", "all_matching": "1"}).status_code == 403
    refused = boss.post("/board/list/bulk/plan", data={**BOARD, "action": "cancel", "reason": "測試",
                                                      "case": [cases[0].number]})
    assert refused.status_code == 422 and "action" in refused.get_json()["fields"]


def test_an_administrator_cancels_cases_batch_by_batch(app, rt, client_for):
    first, second = board_claimed(app, rt, 2)
    admin = client_for("admin")
    plan = admin.post("/board/list/bulk/plan", data={**BOARD, "action": "cancel", "reason": "重複陳情",
                                                     "case": [first.number, second.number]}).get_json()
    assert (plan["field"], plan["items"]) == ("case", [str(first.case_id), str(second.case_id)])
    assert plan["lead"] == "2 件中已有 %n 件註銷，並已通知陳情人。"
    batch = admin.post("/board/list/bulk/batch", data={"action": "cancel", "reason": "重複陳情",
                                                       "case": plan["items"][:1]}).get_json()
    assert (batch["done"], batch["results"]) == (1, [{"id": str(first.case_id), "status": "ok"}])
    with rt.db.connect() as conn:
        statuses = dict(conn.execute(select(case.c.id, case.c.status)).all())
    assert (statuses[first.case_id], statuses[second.case_id]) == ("cancelled", "open")
