"""An officer reads priority in words: 急件 beside an urgent task, nothing
beside a normal one, and can list the urgent ones only."""
from __future__ import annotations

import pytest
from sqlalchemy import update

from engine.data.schema import task
from webtest_support import CLERK, registration

pytestmark = pytest.mark.browser


@pytest.fixture
def two_tasks(live_server, db, clock):
    """Two street-light petitions at PWB's 'handle'; the second marked urgent,
    as a model declaring priority="1" on the step would."""
    from engine.cases.runtime import Engine
    from webapp.petitions import ready_task
    rt = Engine(db, clock)
    numbers = []
    for _ in range(2):
        ref = rt.start_case("petition", {"title": "路燈不亮"}, petitioner_info={"name": "王小明"})
        with db.connect() as conn:
            reg = ready_task(conn, ref["id"], "register")
        rt.complete(reg.id, CLERK, registration())
        numbers.append(ref["number"])
        with db.connect() as conn:
            handle = ready_task(conn, ref["id"], "handle")
    with db.begin() as conn:
        conn.execute(update(task).where(task.c.id == handle.id).values(priority=1))
    return numbers


def test_officer_sees_urgent_in_words(login, live_server, two_tasks, shot, accessible):
    normal, urgent = two_tasks
    page = login("pwb1")
    page.goto(f"{live_server}/inbox?view=queue")
    row = page.locator(f"#inbox-table tr[data-case='{urgent}']")
    assert row.locator("td[data-label='優先']").inner_text().strip() == "急件"
    assert page.locator(f"#inbox-table tr[data-case='{normal}'] td[data-label='優先']"
                        ).inner_text().strip() == ""
    shot(page, "inbox-urgent")
    accessible(page)
    page.check("input[name=priority]")
    page.click("button:has-text('篩選')")
    page.wait_for_url("**priority=1**")
    assert page.locator("#inbox-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.case)") == [urgent]
    accessible(page)
