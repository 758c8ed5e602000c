"""Case data from outside is refused key by key (variables.py) with a code
and its values, so a page can say each refusal in the viewer's language
(webapp/form_errors.py) while the API keeps the English text."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from engine.cases import variables
from engine.data.errors import InvalidData


def refused(call, *args) -> dict:
    with pytest.raises(InvalidData) as caught:
        call(*args)
    return {k: (str(v), v.code, v.params) for k, v in caught.value.errors.items()}


def deep(levels: int):
    value = 1
    for _ in range(levels):
        value = [value]
    return {"a": value}


@pytest.mark.parametrize("data, errors", [
    ("not an object", {"data": ("not an object", "not_json_object", {})}),
    ({"1st": 1, "_x": 2}, {"1st": ("not a valid name", "not_a_name", {}),
                           "_x": ("not a valid name", "not_a_name", {})}),
    ({"a": {"typename": "x"}}, {"typename": ("reserved", "reserved_name", {"name": "typename"})}),
    (deep(variables.MAX_DEPTH + 1), {"data": ("deeper than 8", "too_deep", {"limit": 8})}),
    ({"a": "x" * variables.MAX_BYTES}, {"data": (f"more than {variables.MAX_BYTES} bytes", "data_too_large",
                                                 {"kb": 256})}),
])
def test_refused_data_names_its_key_with_a_code(data, errors):
    assert refused(variables.check, data) == errors


def test_data_that_is_not_plain_json_is_coded():
    [(key, (_, code, _))] = refused(variables.check, {"a": object()}).items()
    assert (key, code) == ("data", "not_plain_json")


def test_a_received_instant_is_refused_with_a_code():
    now = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
    assert refused(variables.received, now.replace(tzinfo=None), now) == {
        "received_at": ("not an aware datetime", "not_aware_datetime", {})}
    assert refused(variables.received, now + timedelta(hours=1), now) == {
        "received_at": ("in the future", "in_future", {})}
