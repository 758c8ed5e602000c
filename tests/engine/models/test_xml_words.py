"""A structure problem names BPMN and DMN elements and attributes by the
editor's words (xml_words.py), the raw name after them only where the
diagram does not show it by that name, and quotes any name nobody worded."""
from __future__ import annotations

import pytest

from engine.models.validation.xml_words import attribute_zh, element_zh


@pytest.mark.parametrize("tag, said", [
    ("userTask", "使用者任務"), ("sequenceFlow", "循序流"), ("exclusiveGateway", "互斥閘道"),
    ("decisionTable", "決策表"), ("timeDuration", "計時器的期間（timeDuration）"),
    ("extensionElements", "延伸設定（extensionElements）"), ("bogus", "元素「bogus」"),
])
def test_elements(tag, said):
    assert element_zh(tag) == said


@pytest.mark.parametrize("name, said", [
    ("name", "「名稱」"), ("hitPolicy", "「命中原則」"), ("targetRef", "「終點元素」（targetRef）"),
    ("isExecutable", "「可執行」（isExecutable）"), ("xsi:type", "「型別」（xsi:type）"), ("foo", "屬性「foo」"),
])
def test_attributes(name, said):
    assert attribute_zh(name) == said
