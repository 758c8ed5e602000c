"""The agency queue's pages walk migration 0012's partial indexes in page
order on both dialects (docs/performance.md, "Inbox and board at scale"):
a bound `state` or a NULLS LAST on the priority would silently bring back a
sort of the agency's whole queue, which only shows at a million tasks."""
from datetime import datetime, timezone

import pytest

from engine.cases import queries, team
from engine.cases.queries import InboxFilter, Viewer
from plan_support import plan, statements  # tests/engine, on the path

NOW = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
OFFICER = Viewer("o1", "B000", frozenset({"officer"}))
SUPERVISOR = Viewer("s1", "B000", frozenset({"supervisor"}))


def _assert_read_in_order(plan: str, index: str) -> None:
    """The page's rows come from `index` in order: nothing sorts them before
    the LIMIT. Only the 50 rows of a page chosen by id (a subquery) are sorted
    again after their join."""
    assert index in plan, plan
    if "Limit" in plan:   # PostgreSQL: no Sort between the Limit and the index scan
        assert "Sort" not in plan.split(index)[0].rsplit("Limit", 1)[-1], plan
    else:                 # SQLite: one temporary B-tree at most, the joined page's
        assert plan.count("TEMP B-TREE") <= (1 if "MATERIALIZE" in plan else 0), plan


def _page_plan(db, f: InboxFilter) -> str:
    (statement, params), = statements(db, lambda c: queries.inbox(c, OFFICER, f, NOW))
    return plan(db, statement, params)


@pytest.mark.parametrize("f", [InboxFilter(view="queue"),
                               InboxFilter(view="queue", category="noise"),
                               InboxFilter(view="queue", process="facility_repair")],
                         ids=["queue", "category", "process"])
def test_the_queue_is_read_in_deadline_order_from_its_index(db, f):
    _assert_read_in_order(_page_plan(db, f), "ix_task_queue_unclaimed")


def test_the_priority_sort_reads_its_index_in_order(db):
    plan = _page_plan(db, InboxFilter(view="queue", sort="priority", descending=True))
    _assert_read_in_order(plan, "ix_task_queue_priority")


def test_the_unclaimed_filter_of_the_team_list_uses_the_queue_index(db):
    f = InboxFilter(view="queue")
    (statement, params), = statements(
        db, lambda c: team.team_tasks(c, SUPERVISOR, f, NOW, assignee=team.UNASSIGNED))
    assert "ix_task_queue_unclaimed" in plan(db, statement, params)


def test_the_state_is_written_into_the_queue_query(db):
    (statement, _params), = statements(
        db, lambda c: queries.inbox(c, OFFICER, InboxFilter(view="queue"), NOW))
    assert "task.state = 'ready'" in statement
