"""`<civicflow:start category="..." contact="...">`: the field the inbox's
類別 column shows and the fields naming who reported a case; a name that is
no field of the process is a validation problem, said in zh-TW too."""
from pathlib import Path

from engine.models import validation

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
LANES = {"officer", "supervisor", "intake", "analyst", "admin"}


def _repair(old: str = "", new: str = "") -> dict:
    data = (BPMN / "facility_repair.bpmn").read_text()
    if old:
        assert old in data
        data = data.replace(old, new)
    return {"facility_repair.bpmn": data.encode()}


def _start_problems(report) -> list:
    return [p for p in report.problems if p.element_id == "start_report"]


def test_shipped_repair_declares_its_trade_and_reporter():
    report = validation.validate(_repair(), LANES)
    assert not _start_problems(report), report.to_dict()


def test_unknown_category_and_contact_fields_are_problems():
    report = validation.validate(_repair('category="trade" contact="reporter_name reporter_phone"',
                                         'category="trad" contact="reporter_name reporter_fax"'), LANES)
    said = " ".join(p.message_zh for p in _start_problems(report))
    assert "類別欄位「trad」不是此流程任何表單的欄位" in said
    assert "「reporter_fax」不是開案表單的欄位" in said
