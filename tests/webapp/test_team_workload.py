"""The team view's workload summary: one row per officer and the agency queue,
each number a link to the whole-agency list of exactly those tasks (the list
says as many as the number); an officer at risk marked in words."""
import html as htmlmod
import re

from webtest_support import CLERK, PASSWORD, held_by, make_case, registration

from engine.board import workload
from engine.cases.actors import Actor
from webapp import petitions, users

FIGURE = re.compile(r'data-figure="(\w+)"><span><a href="([^"]+)">(\d+)</a>')
ROW = re.compile(r'<tr class="[^"]*" data-officer="([^"]+)">(.*?)</tr>', re.S)


def _story(app, rt, clock):
    """pwb1: one late (received 02-23) and two due Tue 03-10; pwb2: one waiting
    on 補正; EPB's own task elsewhere; one in the queue received Mon 03-09, the day it is read."""
    clock.advance(days=-7)
    held_by(app, rt, 1)
    clock.advance(days=7)
    held_by(app, rt, 2)
    [(_, waiting)] = held_by(app, rt, 1, who="pwb2")
    rt.ask_supplement(waiting.id, Actor("pwb2", "PWB", frozenset({"officer"})), "請補正電桿編號")
    make_case(app, rt, category="noise")                    # EPB's
    clock.advance(days=7)
    make_case(app, rt)                                      # the queue's, due 03-17


def _summary(page: str) -> dict:
    section = page[page.index('id="workload"'):page.index("</details>")]
    return {who: {fig: (htmlmod.unescape(href), int(n)) for fig, href, n in FIGURE.findall(body)}
            for who, body in ROW.findall(section)}


def _listed(client, href: str) -> tuple[int, int]:
    """(rows on the list's page, the bulk panel's "all N that match")."""
    page = client.get(href).get_data(as_text=True)
    matching = re.search(r"全部符合篩選條件的 (\d+) 件", page)
    return page.count('name="task" value='), int(matching.group(1)) if matching else 0


def test_each_number_lists_exactly_its_tasks(app, rt, client_for, clock):
    _story(app, rt, clock)
    boss = client_for("pwbboss")
    page = boss.get("/inbox?view=team").get_data(as_text=True)
    assert "各承辦人工作量" in page and "尚未分派（機關待辦）" in page
    rows = _summary(page)
    counts = {who: {fig: n for fig, (_, n) in figs.items()} for who, figs in rows.items()}
    assert counts == {"pwb1": {"held": 3, "overdue": 1, "due_soon": 2},
                      "pwb2": {"held": 1, "waiting": 1}, "-": {"held": 1}, "pwbboss": {}}
    for figs in rows.values():
        for href, n in figs.values():
            assert _listed(boss, href) == (n, n), href


def test_the_officer_at_risk_is_marked_in_words(app, rt, client_for, clock, monkeypatch):
    monkeypatch.setattr(workload, "HEAVY_EXCESS", 0)   # the story's loads are a few tasks each
    _story(app, rt, clock)
    page = client_for("pwbboss").get("/inbox?view=team").get_data(as_text=True)
    row = dict(ROW.findall(page))
    assert 'class="flagged"' in page
    assert "有逾期工作" in row["pwb1"] and "負荷明顯高於同仁（中位數 1 件）" in row["pwb1"]
    assert "有逾期工作" not in row["pwb2"] and "有逾期工作" not in row["-"]
    assert "民國115年" in row["pwb1"]                       # the oldest due date, ROC


def test_a_narrowed_list_says_so_and_bulk_all_that_match_keeps_it(app, rt, client_for, clock):
    _story(app, rt, clock)
    boss = client_for("pwbboss")
    page = boss.get("/inbox?view=team&assignee=pwb1&figure=due_soon").get_data(as_text=True)
    assert "只列出 2 個工作日內到期的工作" in page
    assert '<input type="hidden" name="figure" value="due_soon">' in page
    done = boss.post("/inbox/bulk", data={"action": "reassign", "officer": "pwb2", "all_matching": "1",
                                          "assignee": "pwb1", "figure": "due_soon"})
    assert "2 件中已有 2 件改由 pwb2 辦理" in done.get_data(as_text=True)
    after = {w: {f: n for f, (_, n) in figs.items()}
             for w, figs in _summary(boss.get("/inbox?view=team").get_data(as_text=True)).items()}
    assert after["pwb1"] == {"held": 1, "overdue": 1}
    assert after["pwb2"] == {"held": 3, "due_soon": 2, "waiting": 1}


def test_an_administrator_chooses_the_agency_and_links_keep_it(app, rt, client_for, clock):
    _story(app, rt, clock)
    admin = client_for("admin")
    page = admin.get("/inbox?view=team&agency=PWB").get_data(as_text=True)
    assert 'id="workload-agency"' in page
    rows = _summary(page)
    href, n = rows["-"]["held"]
    assert "agency=PWB" in href and _listed(admin, href) == (n, n) == (1, 1)
    assert "只列出工務局的工作" in admin.get(href).get_data(as_text=True)
    epb = _summary(admin.get("/inbox?view=team&agency=EPB").get_data(as_text=True))
    assert epb["-"]["held"][1] == 1 and "pwb1" not in epb


def test_a_supervisor_cannot_reach_another_agency_and_officers_see_no_summary(app, rt, client_for, clock):
    _story(app, rt, clock)
    boss = client_for("pwbboss")
    page = boss.get("/inbox?view=team&agency=EPB&figure=nonsense").get_data(as_text=True)
    assert "工務局 目前未完成的工作" in page and 'id="workload-agency"' not in page
    assert "只列出" not in page                              # neither was applied
    assert 'id="workload"' not in client_for("pwb1").get("/inbox?view=team").get_data(as_text=True)


def test_the_summary_speaks_english_when_chosen(app, rt, client_for, clock, monkeypatch):
    monkeypatch.setattr(workload, "HEAVY_EXCESS", 0)
    _story(app, rt, clock)
    boss = client_for("pwbboss")
    boss.post("/lang/en", data={"next": "/inbox"})
    page = boss.get("/inbox?view=team").get_data(as_text=True)
    for words in ("Workload by officer", "Open tasks held", "Not yet assigned (agency queue)",
                  "Has overdue tasks", "Well above the team (median 1)"):
        assert words in page, words
    assert re.search(r'class="oldest"[^>]*><span>2026-03-\d\d</span>', page)   # the date the English way


QUEUE_HELD = re.compile(r'data-officer="-">.*?data-figure="held"><span>(?:<a [^>]*>)?(\d+)', re.S)
BADGE = re.compile(r'data-view="queue"[^>]*>[^<]*<span class="badge">(\d+)</span>')


def test_not_yet_assigned_is_the_agency_queue_its_officers_see(app, db, rt, client_for):
    """A petition not yet registered waits at the department's intake desk
    (登記陳情, the clerks' task): in the clerk's 機關待領, not in its officers'
    nor in the department team's 尚未分派; PWB's unclaimed petition is in both."""
    with db.begin() as conn:
        users.add_user(conn, "doa1", "DOA", ["officer"], PASSWORD)
    make_case(app, rt)                                                     # PWB's queue
    with app.app_context():
        petitions.start(rt, registration(), actor=CLERK, person={"name": "李", "email": "l@example.tw"})
    for boss, officer in (("doaboss", "doa1"), ("pwbboss", "pwb1")):
        team_page = client_for(boss).get("/inbox?view=team").get_data(as_text=True)
        [queue] = QUEUE_HELD.findall(team_page)
        [seen] = BADGE.findall(client_for(officer).get("/inbox").get_data(as_text=True))
        assert queue == seen, (boss, queue, seen)
        unassigned = client_for(boss).get("/inbox?view=team&assignee=-").get_data(as_text=True)
        assert unassigned.count('name="task" value=') == int(queue)              # and its list lists them
    assert BADGE.findall(client_for("clerk").get("/inbox").get_data(as_text=True)) == ["1"]
