"""A task row's `item`: the value its model's `item` names in the task's data."""
from engine.cases.index import item_of
from engine.models.meta import TaskMeta


def meta(item):
    return TaskMeta("score_checklist", item=item)


def test_a_variable_or_a_key_of_one():
    data = {"office": "D-GUSHAN", "finding": {"office": "D-SANMIN", "grade": "乙"}, "n": 3}
    assert item_of(data, meta("office")) == "D-GUSHAN"
    assert item_of(data, meta("finding.office")) == "D-SANMIN"
    assert item_of(data, meta("n")) == "3"


def test_nothing_when_it_names_nothing_scalar():
    data = {"finding": {"office": "D-SANMIN"}, "flag": True, "long": "長" * 300}
    assert item_of(data, meta(None)) is None and item_of(data, None) is None
    assert item_of(data, meta("finding")) is None          # a dict is not a label
    assert item_of(data, meta("flag")) is None
    assert item_of(data, meta("missing.key")) is None
    assert item_of(data, meta("long")) == "長" * 200       # the column's size
