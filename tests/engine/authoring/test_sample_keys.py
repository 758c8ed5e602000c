"""The test-run's own sample keys (sample_keys.py): a `_petitioner` that is
no contact or a `_wait_days` that is no number stops the run as a coded
field error under that key, which the page words in Chinese, not as
Python's or the database's English."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.authoring import sample_keys
from engine.authoring.testrun import Plan, run
from engine.data.errors import InvalidData
from engine.time.clock import TAIPEI

DEFAULT = {"name": "測試陳情人"}
ONE_STEP = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
<bpmn:process id="p" isExecutable="true">
  <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:endEvent id="e"><bpmn:incoming>f1</bpmn:incoming></bpmn:endEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"/>
</bpmn:process></bpmn:definitions>"""


def coded(call, *args) -> dict:
    with pytest.raises(InvalidData) as caught:
        call(*args)
    return {k: (v.code, v.params) for k, v in caught.value.errors.items()}


def test_a_petitioner_is_a_contact_or_the_default():
    assert sample_keys.petitioner(None, DEFAULT) == DEFAULT
    assert sample_keys.petitioner({"name": "王小明", "phone": "0911222333"}, DEFAULT)["phone"] == "0911222333"
    assert coded(sample_keys.petitioner, "王小明", DEFAULT) == {"_petitioner": ("not_json_object", {})}
    assert coded(sample_keys.petitioner, {"nmae": "王小明"}, DEFAULT) == {"_petitioner": (
        "unknown_keys", {"keys": "nmae", "known": "name, phone, email, address"})}
    assert coded(sample_keys.petitioner, {"phone": 911}, DEFAULT) == {"_petitioner": ("not_text", {})}


@pytest.mark.parametrize("given", ["soon", [1], True, "nan"])
def test_wait_days_that_are_no_number_are_refused(given):
    assert coded(sample_keys.wait_days, given) == {"_wait_days": ("not_number", {})}


def test_a_run_with_an_unknown_petitioner_key_stops_on_that_key():
    plan = Plan({"p.bpmn": ONE_STEP}, "p", datetime(2026, 3, 2, 9, tzinfo=TAIPEI),
                {"_petitioner": {"nmae": "王小明"}})
    result = run(plan, isolate=False)
    assert result.status == "error" and result.error.errors["_petitioner"].code == "unknown_keys"


def test_wait_days_in_the_start_data_is_refused_as_a_tasks_key():
    sample_keys.not_in_start({"title": "路燈不亮"})
    assert coded(sample_keys.not_in_start, {"_wait_days": 3}) == {"_wait_days": (
        "task_sample_key", {"name": "_wait_days"})}
    plan = Plan({"p.bpmn": ONE_STEP}, "p", datetime(2026, 3, 2, 9, tzinfo=TAIPEI), {"_wait_days": 3})
    assert run(plan, isolate=False).error.errors["_wait_days"].code == "task_sample_key"


def test_the_petitioner_fields_are_gathered_into_one_contact_none_typed_none():
    """The page asks the petitioner's 姓名/電話/電子郵件/地址 as fields (PETITIONER_FIELDS)."""
    typed = {"subject": "路燈", "_petitioner_name": "王小明", "_petitioner_phone": "0911222333"}
    assert sample_keys.gathered(typed) == {"subject": "路燈",
                                           "_petitioner": {"name": "王小明", "phone": "0911222333"}}
    assert sample_keys.gathered({"subject": "路燈"}) == {"subject": "路燈"}
    assert [f.label("zh-TW") for f in sample_keys.PETITIONER_FIELDS] == [
        "姓名", "電話", "電子郵件", "地址"]
    assert sample_keys.WAIT_FIELD.name == "_wait_days" and sample_keys.WAIT_FIELD.type == "decimal"
