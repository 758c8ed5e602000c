"""An analyst deploys a new petition version, dry-runs moving the open cases
to it and moves them; the officer's open task then shows the new form. The
dry run and the move are worked by a scheduler (its migration job, polling
in a thread as a scheduler process does); the pages follow them."""
import sys
import threading
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select
from webtest_support import (  # on sys.path through tests/browser/conftest.py
    CLERK,
    registration,
)

from engine.cases.actors import Actor
from engine.cases.migration import jobs
from engine.cases.runtime import Engine
from engine.data.schema import task
from engine.scheduling import migration_jobs

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))
import petition_versions

pytestmark = pytest.mark.browser
ANALYST = Actor("analyst", "DOA", frozenset({"analyst"}))


def _case_at_handle(engine, db):
    ref = engine.start_case("petition", {"title": "路燈不亮"},
                            petitioner_info={"name": "王小明", "email": "ming@example.tw"})
    with db.connect() as conn:
        reg = conn.execute(select(task.c.id).where(task.c.case_id == ref["id"])).scalar_one()
    engine.claim(reg, CLERK)
    engine.complete(reg, CLERK, registration())
    with db.connect() as conn:
        handle = conn.execute(select(task.c.id).where(
            task.c.case_id == ref["id"], task.c.element_id == "handle")).scalar_one()
    return ref["number"], handle


@pytest.fixture
def scheduler(db, clock):
    """A scheduler process's migration job, polling every half second once
    `running` is set (the test first looks at a request still waiting)."""
    engine, stop, running = Engine(db, clock), threading.Event(), threading.Event()

    def poll():
        while not stop.wait(0.5):
            if running.is_set():
                migration_jobs.work(db, clock, "scheduler-1", partial(jobs.perform, engine))
    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    yield engine, running
    stop.set()
    thread.join(30)


def test_analyst_moves_open_petitions_and_the_officer_sees_the_new_form(
        login, live_server, shot, accessible, db, clock, scheduler):
    engine, scheduler_running = scheduler
    number, handle = _case_at_handle(engine, db)
    engine.deploy(petition_versions.files(petition_versions.petition_v2()), ANALYST,
                  comment="辦理期限改為4個工作天，新增現場勘查紀錄與主管覆核")
    page = login("analyst")
    page.goto(f"{live_server}/models/petition/versions")
    assert "（較舊版本有 1 件進行中）" in page.inner_text("#migrate")
    accessible(page)
    shot(page, "migration-00-versions")
    page.click("text=將較舊版本的進行中案件移至第 2 版")
    page.wait_for_selector("#plan-form")
    assert "進行中案件等候的每個步驟，新版本都有" in page.inner_text("#plan-form")
    accessible(page)
    shot(page, "migration-01-plan")
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#run-state")
    assert "試算將在幾秒內開始" in page.inner_text("#run-state")
    assert "已檢查 0 件" in page.inner_text("#progress-text")
    accessible(page)
    shot(page, "migration-01b-dry-run-waiting")
    scheduler_running.set()
    page.wait_for_selector("#dry-run", timeout=20000)
    assert "1 件進行中案件中，1 件可以移轉" in page.inner_text("#dry-summary")
    row = page.inner_text("#dry-run tbody tr")
    assert number in row and "辦理並擬復" in row and "可以移轉" in row
    accessible(page)
    shot(page, "migration-02-dry-run")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#run-state:has-text('移轉已完成')", timeout=20000)
    assert "已移轉 1 件" in page.inner_text("#progress-text")
    accessible(page)
    shot(page, "migration-03-done")

    officer = login("pwb1")
    officer.goto(f"{live_server}/tasks/{handle}")
    officer.click("button:has-text('領取')")
    officer.wait_for_selector("text=現場勘查紀錄")
    assert "現場勘查紀錄" in officer.inner_text("main")
    accessible(officer)
    shot(officer, "migration-04-task-new-form")
