"""The board's drill-down list says how many it holds (the figure the
supervisor clicked), even past its limit, and marks what is late in words:
overdue, and to whom a case was escalated."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from engine.board import lists
from engine.data.schema import case
from webtest_support import make_case

WEEKS = "from=2026-02-23&to=2026-03-02"


@pytest.fixture
def late(app, rt, clock):
    """Two street-light petitions at PWB, both past their deadline on Wed 03-11;
    the second escalated to the department."""
    first, second = make_case(app, rt), make_case(app, rt)
    clock.advance(days=9)
    with app.extensions["civicflow.db"].begin() as conn:
        conn.execute(update(case).where(case.c.number == second.number).values(escalation_level=2))
    return first, second


def count_line(page: str) -> str:
    return re.search(r'id="drill-count">\s*([^<]*?)\s*</p>', page).group(1)


def statuses(page: str, number: str) -> list[str]:
    row = re.search(rf'<tr[^>]*data-case="{number}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return re.findall(r'class="status[^"]*">([^<]*)<', row)


def test_a_list_says_how_many_cases_it_holds(client_for, late):
    page = client_for("pwbboss").get(f"/board/list?figure=overdue&agency=PWB&{WEEKS}").data.decode()
    assert count_line(page) == "共 2 件案件。"


def test_a_list_past_its_limit_says_how_many_there_are(client_for, late, monkeypatch):
    monkeypatch.setattr(lists, "LIMIT", 1)
    page = client_for("pwbboss").get(f"/board/list?figure=open&agency=PWB&{WEEKS}").data.decode()
    assert count_line(page) == "共 2 件案件，僅列出前 1 件。"
    assert page.count('data-case="') == 1


def test_overdue_and_escalated_cases_say_so(client_for, late):
    first, second = late
    page = client_for("pwbboss").get(f"/board/list?figure=open&agency=PWB&{WEEKS}").data.decode()
    assert statuses(page, first.number) == ["逾期"]
    assert statuses(page, second.number) == ["逾期", "已陳報上級機關"]
    assert "已陳報 2" not in page


def test_a_task_list_says_how_many_tasks(client_for, app, rt, late):
    from engine.cases.actors import Actor
    from webtest_support import ready_task
    handle = ready_task(rt, late[0].case_id, "handle")
    rt.complete(handle.id, Actor("pwb1", "PWB", frozenset({"officer"})),
                {"handling_action": "reply", "reply_text": "已修復", "legal_basis": "市區道路條例"})
    page = client_for("pwbboss").get("/board/list?figure=late&agency=PWB&from=2026-03-09&to=2026-03-09").data.decode()
    assert count_line(page) == "共 1 項工作。"
