"""Every step of a shipped model has a name in both languages: the board's
diagram, the timeline and the test-run's path label each one (a person's
step without one is refused at deploy; a script step would be drawn blank)."""
from pathlib import Path

import pytest
from lxml import etree

from engine.models.task_names import split_bilingual

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
NS = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
STEPS = ("userTask", "manualTask", "scriptTask", "serviceTask", "businessRuleTask", "sendTask",
         "receiveTask", "task", "callActivity", "subProcess")


def _steps(path: Path):
    for tag in STEPS:
        yield from etree.parse(str(path)).iter(NS + tag)


@pytest.mark.parametrize("path", sorted(BPMN.glob("*.bpmn")), ids=lambda p: p.name)
def test_every_step_is_named_in_both_languages(path):
    unnamed = [el.get("id") for el in _steps(path)
               if not all(split_bilingual(el.get("name") or ""))]
    assert unnamed == []
