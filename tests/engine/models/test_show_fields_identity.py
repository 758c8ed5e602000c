"""Art. 170 in the model check: a step's `show_fields` may not recall the
petitioner's own fields (petitioner_*, or those a start names for the
person): the analyst is told why, in zh-TW, and the other fields pass."""
from __future__ import annotations

from lxml import etree

from engine.models import identity, meta

MODEL = """<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:civicflow="urn:civicflow:bpmn:1"><process id="p" isExecutable="true">
  <startEvent id="s"><extensionElements><civicflow:start roles="intake" task="intake"
    petitioner="consumer_name consumer_contact"/></extensionElements></startEvent>
  <userTask id="intake"><extensionElements><civicflow:form>
    <civicflow:field name="consumer_name" type="text" label_zh="消費者姓名"/>
    <civicflow:field name="consumer_contact" type="text" label_zh="聯絡方式"/>
    <civicflow:field name="petitioner_new_email" type="email" label_zh="陳情人電子郵件"/>
    <civicflow:field name="claim_text" type="textarea" label_zh="爭議內容"/>
  </civicflow:form></extensionElements></userTask>
  <userTask id="later"><extensionElements>
    <civicflow:task show_fields="%s"/></extensionElements></userTask>
  </process></definitions>"""


def _problems(show_fields: str) -> list:
    proc = meta.extract(etree.fromstring((MODEL % show_fields).encode()))["p"]
    return [(eid, zh) for eid, _en, zh in meta.problems(proc, None)]


def test_a_step_recalling_the_petitioners_fields_is_refused_in_words_an_analyst_reads():
    found = _problems("claim_text consumer_name petitioner_new_email")
    assert [eid for eid, _zh in found] == ["later", "later"]
    assert "身分欄位「consumer_name」" in found[0][1] and "保密案件" in found[0][1]
    assert "請自「表單旁顯示的先前答覆」移除" in found[0][1] and "show_fields" not in found[0][1]
    assert "「petitioner_new_email」" in found[1][1]


def test_the_other_fields_are_recalled_as_before():
    assert _problems("claim_text") == []


def test_the_data_without_identity_keeps_the_rest():
    proc = meta.extract(etree.fromstring((MODEL % "claim_text").encode()))["p"]
    data = {"consumer_name": "甲", "consumer_contact": "09", "petitioner_name": "乙",
            "claim_text": "退款"}
    assert identity.without(data, proc) == {"claim_text": "退款"}
    assert identity.without(data) == {"consumer_name": "甲", "consumer_contact": "09",
                                      "claim_text": "退款"}
