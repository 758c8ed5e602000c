"""The inbox says priority in words: 急件 for a task its model marks urgent
(civicflow:task priority above 0), nothing for a normal one; with no urgent
task in the list the column, a bare 0 on every row, is left out."""
from __future__ import annotations

import re

from sqlalchemy import update

from engine.data.schema import task
from webtest_support import make_case, ready_task


def _priority_cells(html: str) -> list[str]:
    return re.findall(r'<td data-label="優先"><span>(.*?)</span></td>', html, re.S)


def test_normal_tasks_show_no_priority_column(registered_case, client_for):
    html = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    assert registered_case.number in html
    assert not _priority_cells(html) and 'data-sort="priority"' not in html


def test_an_urgent_task_says_so_in_words(app, rt, db, registered_case, client_for):
    urgent = make_case(app, rt)
    with db.begin() as conn:   # as a model declaring priority="1" on the task would
        conn.execute(update(task).where(task.c.id == ready_task(rt, urgent.case_id).id)
                     .values(priority=1))
    html = client_for("pwb1").get("/inbox?view=queue").get_data(as_text=True)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in _priority_cells(html)]
    assert sorted(cells) == ["", "急件"]
    only = client_for("pwb1").get("/inbox?view=queue&priority=1").get_data(as_text=True)
    assert urgent.number in only and registered_case.number not in only
    assert re.search(r'<input type="checkbox" name="priority" value="1"[^>]*checked', only)
