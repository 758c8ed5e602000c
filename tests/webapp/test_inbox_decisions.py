"""A supervisor's first screen (the inbox, views/inbox._my_decisions) lists
what waits for their decision, with the navigation's 待我核決 count; their
agency queue is the team view's queue (a supervisor also does their
officers' work, engine/cases/queries._role_ok), the decisions in it marked;
and the team view says in words that its queue counts the decisions an
officer's queue leaves out (templates/inbox/_workload.html).

pwbboss holds only the supervisor role (webtest_support.USERS)."""
from __future__ import annotations

import re

from webtest_support import ask_extension, make_case, ready_task


def _tab_count(html: str, view: str) -> int:
    return int(re.search(rf'data-view="{view}"[^>]*>[^<]*<span class="badge">(\d+)</span>', html).group(1))


def _queue_row(html: str) -> str:
    return re.search(r'<tr class="[^"]*queue"[^>]*data-officer="-">(.*?)</tr>', html, re.S).group(1)


def _held(row: str) -> int:
    cell = re.search(r'data-figure="held"><span>(.*?)</span></td>', row, re.S).group(1)
    return int(re.sub(r"<[^>]+>", "", cell))


def _waiting_approval(app, registered_case, rt, client_for):
    make_case(app, rt)   # another petition at PWB's handle: an officer's task in the queue
    ask_extension(client_for("pwb1"), rt, registered_case.case_id)
    return ready_task(rt, registered_case.case_id, "approve_extension")


def test_the_first_screen_lists_what_waits_for_my_decision(app, registered_case, rt, client_for):
    approve = _waiting_approval(app, registered_case, rt, client_for)
    boss = client_for("pwbboss")
    html = boss.get("/inbox").get_data(as_text=True)
    panel = re.search(r'<section class="card decisions-waiting".*?</section>', html, re.S).group(0)
    assert "待我核決的事項" in panel and '<span class="badge">1</span>' in panel
    assert f"/decisions/{approve.id}" in panel and registered_case.number in panel
    assert "擬展延至 民國115年3月17日" in panel          # 03-10 + 5 working days
    assert "查看全部 1 件待我核決的事項" in panel
    nav = re.search(r'href="/decisions">.*?<span class="badge">(\d+)</span>', html, re.S).group(1)
    assert nav == "1"                                    # the same count as the navigation's
    assert "decisions-waiting" not in client_for("pwb1").get("/inbox").get_data(as_text=True)


def test_my_queue_is_the_team_views_queue_with_the_decisions_marked(app, registered_case, rt,
                                                                     client_for):
    _waiting_approval(app, registered_case, rt, client_for)
    boss = client_for("pwbboss")
    queue = boss.get("/inbox?view=queue").get_data(as_text=True)
    team = boss.get("/inbox?view=team").get_data(as_text=True)
    assert _tab_count(queue, "queue") == _held(_queue_row(team)) == 2
    assert queue.count("待主管核決</span>") == 1            # the approval, marked in the list
    officer = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    assert _tab_count(officer, "queue") == 1 and "待主管核決" not in officer


def test_the_team_view_says_what_its_queue_counts(app, registered_case, rt, client_for):
    _waiting_approval(app, registered_case, rt, client_for)
    team = client_for("pwbboss").get("/inbox?view=team").get_data(as_text=True)
    assert "其中 1 件待主管核決" in _queue_row(team)
    words = re.search(r'id="workload-decisions">(.*?)</p>', team, re.S).group(1)
    assert "其中 1 件待主管核決" in words and "尚未分派的 2 件中，承辦人看到的是 1 件" in words
    client = client_for("pwbboss")
    client.post("/lang/en", data={"next": "/"})
    english = client.get("/inbox?view=team").get_data(as_text=True)
    assert "so it lists 1 of the 2 not yet assigned" in english


def test_with_nothing_to_decide_the_team_view_says_so(registered_case, client_for):
    team = client_for("pwbboss").get("/inbox?view=team").get_data(as_text=True)
    assert "目前沒有待主管核決的事項" in team
    assert "decisions-waiting" not in client_for("pwbboss").get("/inbox").get_data(as_text=True)
