"""A task's variables read from its stored rows (engine/cases/task_data):
each row holds a delta from its parent's data, its workflow's root the data
whole; the nearest row on the way up that updates or deletes a name decides."""
import json

from engine.cases import task_data

ROWS = [
    {"id": "root", "parent": None, "data": {"a": 1, "b": 1, "c": 1}, "delta": {}},
    {"id": "mid", "parent": "root", "data": {}, "delta": {"updates": {"a": 2}, "deletions": ["b"]}},
    {"id": "leaf", "parent": "mid", "data": {},
     "delta": {"updates": {"d": {"typename": "date", "value": "2026-06-10"}}, "deletions": []}},
    {"id": "other", "parent": "root", "data": {}, "delta": {"updates": {"c": 9}, "deletions": []}},
]


class StoredRows:
    """A connection that answers the one statement with ROWS (task id, body)."""

    def __init__(self):
        self.asked = []

    def execute(self, _statement, params):
        self.asked.append(params)
        return self

    def all(self):
        return [(r["id"], json.dumps(r)) for r in ROWS]


def test_the_nearest_row_that_decides_a_name_wins():
    conn = StoredRows()
    found = task_data.values(conn, 7, "leaf", ["a", "b", "c", "d", "e"])
    assert found == {"a": 2, "c": 1, "d": "2026-06-10"}   # b deleted on the way; e never set
    assert conn.asked == [{"cid": 7, "tid": "leaf"}]       # one statement


def test_a_task_whose_rows_are_gone_has_nothing():
    assert task_data.values(StoredRows(), 7, "gone", ["a"]) == {}


def test_typed_values_other_than_dates_are_not_shown():
    assert task_data._plain([{"x": {"typename": "BpmnEvent", "value": 1}}, 2]) == [{"x": None}, 2]
