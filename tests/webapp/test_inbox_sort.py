"""The inbox as a clerk uses it: the tab with work first, categories offered
by name, columns sorted through a whitelisted query parameter (a bad value
is a notice in zh-TW, never a 500), ROC dates typed in the due-by filter,
task names in the viewer's language only."""
from __future__ import annotations

import re
from datetime import timedelta, timezone

from webapp.i18n import TAIPEI
from webapp.roc_dates import format_roc_date
from webtest_support import make_case, ready_task


def _numbers(html: str) -> list[str]:
    return re.findall(r'data-case="([^"]+)"', html)


def _current_tab(html: str) -> str:
    return re.search(r'data-view="(\w+)" aria-current="page"', html).group(1)


def test_an_officer_without_tasks_lands_on_the_agency_queue_then_on_mine(registered_case, rt,
                                                                           client_for):
    pwb = client_for("pwb1")
    html = pwb.get("/inbox").get_data(as_text=True)
    assert _current_tab(html) == "queue" and registered_case.number in html
    pwb.post(f"/tasks/{ready_task(rt, registered_case.case_id).id}/claim")
    html = pwb.get("/inbox").get_data(as_text=True)
    assert _current_tab(html) == "mine" and registered_case.number in html
    # Nothing anywhere: the officer's own (empty) list, as before.
    assert _current_tab(client_for("epb1").get("/inbox").get_data(as_text=True)) == "mine"


def test_categories_are_offered_by_name_and_filter_by_code(app, rt, client_for):
    light = make_case(app, rt)
    road = make_case(app, rt, subject="人孔蓋鬆動", category="road_damage")
    pwb = client_for("pwb1")
    html = pwb.get("/inbox?view=queue").get_data(as_text=True)
    assert '<option value="street_light" >路燈故障</option>' in html
    html = pwb.get("/inbox?view=queue&category=street_light").get_data(as_text=True)
    assert _numbers(html) == [light.number]
    assert '<option value="street_light" selected>路燈故障</option>' in html
    assert road.number in pwb.get("/inbox?view=queue&category=road_damage").get_data(as_text=True)


def test_columns_sort_both_ways_and_deadline_is_the_default(app, rt, client_for, clock):
    first = make_case(app, rt)
    clock.advance(days=3)
    second = make_case(app, rt)
    pwb = client_for("pwb1")
    html = pwb.get("/inbox?view=queue").get_data(as_text=True)
    assert _numbers(html) == [first.number, second.number]
    assert re.search(r'aria-sort="ascending">\s*<a class="sort active" data-sort="due"', html)
    html = pwb.get("/inbox?view=queue&sort=-number").get_data(as_text=True)
    assert _numbers(html) == [second.number, first.number]
    assert re.search(r'aria-sort="descending">\s*<a class="sort active" data-sort="number"', html)
    assert _numbers(pwb.get("/inbox?view=queue&sort=-due").get_data(as_text=True)) == \
        [second.number, first.number]


def test_a_bad_sort_value_is_ignored_with_a_notice_in_chinese(app, rt, client_for):
    case = make_case(app, rt)
    resp = client_for("pwb1").get("/inbox?view=queue&sort=title;drop table task")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and case.number in html
    assert "清單無法依「title;drop table task」排序，已改依期限排序。" in html


def test_due_by_takes_an_roc_date(app, rt, client_for):
    case = make_case(app, rt)
    due = ready_task(rt, case.case_id).due_at
    day = (due if due.tzinfo else due.replace(tzinfo=timezone.utc)).astimezone(TAIPEI).date()
    pwb = client_for("pwb1")
    html = pwb.get(f"/inbox?view=queue&due_by={format_roc_date(day)}").get_data(as_text=True)
    assert case.number in html
    before = format_roc_date(day - timedelta(days=1))
    assert case.number not in pwb.get(f"/inbox?view=queue&due_by={before}").get_data(as_text=True)
    html = pwb.get("/inbox?view=queue&due_by=03/02/2026").get_data(as_text=True)
    assert "「03/02/2026」不是日期" in html and case.number in html


def test_overdue_rows_are_marked_and_times_name_the_zone(app, rt, client_for, clock):
    case = make_case(app, rt)
    clock.advance(days=30)
    html = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    row = re.search(rf'<tr class="overdue" data-case="{case.number}">.*?</tr>', html, re.S)
    assert row and '<span class="status overdue">逾期</span>' in row.group(0)
    assert "處理期限（臺北時間）" in html


def test_task_names_in_the_viewers_language_only(registered_case, client_for):
    zh = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    assert "辦理並擬復" in zh and "Handle and draft the reply" not in zh
    en_client = client_for("pwb1")
    en_client.post("/lang/en")
    en = en_client.get("/inbox?view=queue").get_data(as_text=True)
    assert "Handle and draft the reply" in en and "辦理並擬復" not in en


def test_the_api_sorts_too_and_answers_a_bad_value_with_400(app, rt, db, clock):
    from webapp import users
    first = make_case(app, rt)
    clock.advance(days=3)
    second = make_case(app, rt)
    with db.begin() as conn:
        headers = {"Authorization": f"Bearer {users.create_token(conn, 'pwb1')}"}
    api = app.test_client()
    listed = api.get("/api/v1/tasks?view=queue&sort=-due", headers=headers).get_json()["tasks"]
    assert [t["case_number"] for t in listed] == [second.number, first.number]
    resp = api.get("/api/v1/tasks?view=queue&sort=secret_column", headers=headers)
    assert resp.status_code == 400
    assert resp.get_json()["error"]["parameter"] == "sort"
    assert api.get("/api/v1/tasks?due_by=2026-02-30", headers=headers).status_code == 400
    assert api.get("/api/v1/tasks?view=queue&due_by=2026-03-30", headers=headers).status_code == 200


def test_the_completed_list_is_latest_first_with_the_zone_named(registered_case, rt, client_for):
    pwb = client_for("pwb1")
    task = ready_task(rt, registered_case.case_id)
    pwb.post(f"/tasks/{task.id}/claim")
    pwb.post(f"/tasks/{task.id}/complete", data={
        "handling_action": "reply", "reply_text": "已派員修復路燈。", "legal_basis": "道路管理自治條例",
        "remedy": "none"})
    html = pwb.get("/inbox?view=completed").get_data(as_text=True)
    assert registered_case.number in html
    assert re.search(r'aria-sort="descending">\s*<a class="sort active" data-sort="completed"', html)
    assert "已完成（臺北時間）" in html
