"""The stored rows' JSON (engine/cases/rowjson.py): orjson where it gives the
value json gives, json for the rest, so rows read and write as before."""
from __future__ import annotations

import json
import math
import uuid
from datetime import date
from enum import Enum

import pytest

from engine.cases.rowjson import dumps, loads


def old_dumps(obj) -> str:
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


PLAIN = {"a": "中文 \"quoted\" \\ \n\t\u0001", "b": [1, 2.5, None, True, False, -0.0],
         "c": {"d": -0.1, "e": 1e16, "f": 1.5e-7, "g": 2 ** 63 - 1, "h": -2 ** 63},
         "i": [], "j": {}, "k": 1796105441.2507608}


def test_plain_values_read_and_write_as_json_does():
    text = dumps(PLAIN)
    assert json.loads(text) == PLAIN and loads(text) == PLAIN
    assert loads(old_dumps(PLAIN)) == PLAIN
    assert not text.isascii()   # written as UTF-8 text, as ensure_ascii=False did


@pytest.mark.parametrize("text", ['{"x":NaN}', '{"x":Infinity}', '{"x":-Infinity}',
                                  '{"x":"\\ud800"}', '{"x":%d}' % 2 ** 70,
                                  '{"x":-9223372036854775809}', '{"x":1e400}',
                                  '[18446744073709551616]', '{"x":1.0000000000000000001}'])
def test_what_only_json_reads_is_read_by_json(text):
    assert repr(loads(text)) == repr(json.loads(text))


class Colour(Enum):
    RED = "red"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 2 ** 64, -2 ** 63 - 1,
                                   {1: "int key"}, {None: "none key"}, (1, 2)])
def test_what_orjson_writes_differently_is_written_by_json(value):
    obj = {"v": value}
    assert dumps(obj) == old_dumps(obj)


@pytest.mark.parametrize("value", [uuid.uuid4(), date(2026, 3, 4), Colour.RED, object()])
def test_what_json_refuses_is_still_refused(value):
    with pytest.raises(TypeError):
        dumps({"v": value})
