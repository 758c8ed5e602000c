"""A task's name per language: declared in the model, or split from the
shipped bilingual BPMN names."""
from __future__ import annotations

import pytest
from lxml import etree

from engine.models.meta import TaskMeta, extract
from engine.models.task_names import split_bilingual


@pytest.mark.parametrize("name,pair", [
    ("登記陳情 Register petition", ("登記陳情", "Register petition")),
    ("重複陳情：援引前案答覆 Cite the earlier reply", ("重複陳情：援引前案答覆", "Cite the earlier reply")),
    ("10日異議期間屆滿 Objection period over", ("10日異議期間屆滿", "Objection period over")),
    ("辦理並擬復", ("辦理並擬復", "")), ("Handle", ("", "Handle")), ("", ("", ""))])
def test_bilingual_names_split_at_the_first_latin_letter(name, pair):
    assert split_bilingual(name) == pair


DECLARED = b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:civicflow="urn:civicflow:bpmn:1"><process id="p" isExecutable="true">
  <userTask id="a" name="Anything"><extensionElements>
    <civicflow:task role="officer" name_zh="\xe8\xbe\xa6\xe7\x90\x86" name_en="Handle it"/></extensionElements></userTask>
  <userTask id="b" name="\xe7\x99\xbb\xe8\xa8\x98\xe9\x99\xb3\xe6\x83\x85 Register petition"/>
  <userTask id="c"/></process></definitions>"""


def test_declared_names_win_and_the_bpmn_name_is_the_fallback():
    tasks = extract(etree.fromstring(DECLARED))["p"].tasks
    assert (tasks["a"].label("zh_TW"), tasks["a"].label("en")) == ("辦理", "Handle it")
    assert (tasks["b"].label("zh_TW"), tasks["b"].label("en")) == ("登記陳情", "Register petition")
    assert tasks["c"].label("zh_TW") == "c"


def test_declarations_stored_before_the_names_existed_still_load():
    meta = TaskMeta(**{"element_id": "x", "name": "會辦意見 Co-handling opinion", "fields": []})
    assert meta.label("en") == "Co-handling opinion"
