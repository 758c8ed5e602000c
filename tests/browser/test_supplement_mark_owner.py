"""已補正 is the asked step's officer's to clear, in the browser.

A queue task (nobody holds it): the section chief (supervisor, who also does
officers' work) and the administrator open it and the mark stays; 王小明
(pwb2), an officer of the step, opens it and it goes.

A co-handled building-safety case: the fire bureau's officer asks the
petitioner on his opinion step; once the answer comes, the urban development
bureau's open step shows no 已補正 and its officer opening it leaves the mark
for the fire bureau's officer. axe-core on the pages shown."""
from datetime import datetime

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.cases import supplements
from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import task
from engine.time.calendar import TAIPEI
from webapp import petitions, users
from webtest_support import CLERK, PASSWORD, ready_task, registration

pytestmark = pytest.mark.browser
ANSWER = "電桿編號 K-1234，在鼓山一路口第二支。"
ASKED = "請補正大樓的正確門牌地址"


def _mark(page, base, number):
    page.goto(f"{base}/inbox?view=queue")
    return page.locator(f"tr[data-case='{number}'] .status.supplemented")


@pytest.fixture
def queue_answered(db, clock):
    """PWB's handle step asked on, handed back to the queue, then answered."""
    with db.begin() as conn:   # as the demo's section chiefs: supervisor and officer
        users.add_user(conn, "pwbchief", "PWB", ["supervisor", "officer"], PASSWORD)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    rt = Engine(db, clock)
    receipt = petitions.start(rt, registration(), actor=CLERK, person={
        "name": "林阿嬤", "email": "lin@example.tw"}, received_at=clock.now())
    rt.complete(ready_task(rt, receipt.case_id, "register").id, CLERK, registration())
    handle = ready_task(rt, receipt.case_id, "handle")
    officer = Actor("pwb1", "PWB", frozenset({"officer"}))
    rt.claim(handle.id, officer)
    rt.ask_supplement(handle.id, officer, "請補正路燈的電桿編號")
    rt.unclaim(handle.id, officer)
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    rt.answer_supplement(receipt.case_id, supplements.PETITIONER, ANSWER)
    return receipt.number, handle.id


def test_a_supervisor_or_the_administrator_looking_leaves_the_queue_tasks_mark(
        login, live_server, queue_answered, shot, accessible):
    number, task_id = queue_answered
    for looker in ("pwbchief", "admin"):
        page = login(looker)
        page.goto(f"{live_server}/tasks/{task_id}")
        expect(page.locator("#supplement-answer")).to_contain_text(ANSWER)
        accessible(page)
        shot(page, f"supplement-mark-01-{looker}-looks")
    officer = login("pwb2")
    mark = _mark(officer, live_server, number)
    expect(mark).to_have_text("已補正")
    shot(officer, "supplement-mark-02-queue-still-marked")
    officer.locator(f"tr[data-case='{number}'] td.task a").click()
    expect(officer.locator("#supplement-answer .status.supplemented")).to_have_text("已補正")
    expect(_mark(officer, live_server, number)).to_have_count(0)
    shot(officer, "supplement-mark-03-officer-opened-mark-gone")


@pytest.fixture
def co_handled(db, clock):
    """A building-safety petition at its two co-handling opinion steps
    (FIRE, UDB); returns (case id, number, the FIRE step's id, the UDB step's id)."""
    with db.begin() as conn:
        users.add_user(conn, "fire1", "FIRE", ["officer"], PASSWORD)
        users.add_user(conn, "udb1", "UDB", ["officer"], PASSWORD)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=TAIPEI))
    rt = Engine(db, clock)
    form = registration(subject="大樓逃生梯堆放雜物", content="逃生梯堆滿雜物",
                        category="building_safety", district="D-SANMIN")
    receipt = petitions.start(rt, form, actor=CLERK, person={
        "name": "陳先生", "email": "chen@example.tw"}, received_at=clock.now())
    rt.complete(ready_task(rt, receipt.case_id, "register").id, CLERK, form)
    with db.connect() as conn:
        steps = dict(conn.execute(select(task.c.candidate_agency, task.c.id).where(
            task.c.case_id == receipt.case_id, task.c.state == "ready",
            task.c.element_id == "co_opinion_task")).all())
    return rt, receipt.case_id, receipt.number, steps["FIRE"], steps["UDB"]


def test_a_co_handling_agency_neither_sees_nor_clears_the_mark(
        login, live_server, co_handled, clock, shot, accessible):
    rt, case_id, number, fire_step, udb_step = co_handled
    fire = login("fire1")
    fire.goto(f"{live_server}/tasks/{fire_step}")
    fire.click("button:has-text('領取')")
    fire.fill("#supplement-request", ASKED)
    fire.click("#supplement button[type=submit]")
    expect(fire.locator(".flash.success")).to_contain_text("已請陳情人補正")
    clock.set(datetime(2026, 3, 4, 10, 0, tzinfo=TAIPEI))
    rt.answer_supplement(case_id, supplements.PETITIONER, ANSWER)

    udb = login("udb1")
    row = udb.locator(f"tr[data-case='{number}']")
    udb.goto(f"{live_server}/inbox?view=queue")
    expect(row).to_have_count(1)
    expect(row.locator(".status.supplemented")).to_have_count(0)
    accessible(udb)
    shot(udb, "supplement-mark-04-other-agency-no-mark")
    udb.goto(f"{live_server}/tasks/{udb_step}")
    expect(udb.locator("#supplement-answer")).to_have_count(0)

    fire.goto(f"{live_server}/inbox")
    expect(fire.locator(f"tr[data-case='{number}'] .status.supplemented")).to_have_text("已補正")
    shot(fire, "supplement-mark-05-asking-officer-still-marked")
    fire.goto(f"{live_server}/tasks/{fire_step}")
    expect(fire.locator("#supplement-answer")).to_contain_text(ANSWER)
    accessible(fire)
    shot(fire, "supplement-mark-06-asking-officer-reads-answer")
