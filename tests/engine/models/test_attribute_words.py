"""A model problem about a civicflow attribute names it, in zh-TW, by the
words the editor's panel shows beside the field (attribute_words.py), never
by the raw XML attribute the analyst does not see."""
from __future__ import annotations

import re

import pytest

from engine.models.validation import validate

TASK = '<civicflow:task role="intake" due="working_days(1)"/>'
FIELD = '<civicflow:field name="subject" type="text" required="true"'
RAW = re.compile(r"show_fields|shows|not_by|\breason\b|adds_days|\binteger\b|keep_with|\bitem\b|min/max|boolean|\bdecision\b|\bconfirm\b"
                 r"|resource|label_zh|label_en|\bkey\b|\bname「")


def zh_problems(mini, *pairs) -> list[str]:
    report = validate(mini(*pairs))
    assert report.verdict == "refused", report.to_dict()
    return [p.message_zh for p in report.problems]


@pytest.mark.parametrize("attrs, words", [
    ('show_fields="no_such"', "「表單旁顯示的先前答覆」所列的「no_such」不是本流程任何表單的欄位"),
    ('show_fields="petitioner_name"', "請自「表單旁顯示的先前答覆」移除"),
    ('shows="content gossip"', "「顯示的案件資料」所列的「gossip」不是案件資料的項目"),
    ('item="office name"', "「各筆任務所指的對象」所指的「office name」不是變數名稱"),
    ('not_by="registr"', "「不得由完成此任務者決定」所指的「registr」不是本流程的任務"),
    ('keep_with="registr"', "「交還給完成此任務者」所指的「registr」不是本流程的任務"),
    ('keep_with="reply" not_by="reply"', "「交還給完成此任務者」與「不得由完成此任務者決定」不可指向同一任務「reply」"),
    ('reason="why"', "「申請的理由」須搭配「不得由完成此任務者決定」"),
    ('not_by="register" reason="why"', "「申請的理由」所指的「why」不是任務「register」表單的欄位"),
    ('not_by="register" adds_days="subject"', "「申請的工作天數」所指的欄位「subject」的類型須為「整數」"),
])
def test_task_attributes_are_said_as_the_panel_labels_them(mini, attrs, words):
    named = FIELD.replace('"subject"', '"petitioner_name"') + "/>" + FIELD   # an identity field to name
    [said] = zh_problems(mini, TASK, TASK.replace("/>", f" {attrs}/>"), FIELD, named)
    assert words in said, said
    assert not RAW.search(said), said


@pytest.mark.parametrize("attrs, words", [
    ('decision="true"', "決定欄位「subject」的類型須為「是／否」"),
    ('type="date" min="soon"', "欄位「subject」的最小值或最大值「soon」須為數字"),
    ('type="choice" resource="boat"', "欄位「subject」的資源種類須為 car（車輛）、driver（駕駛）、room（會議室）之一"),
])
def test_field_attributes_are_said_as_the_panel_labels_them(mini, attrs, words):
    field = FIELD.replace(' type="text"', "") if "type=" in attrs else FIELD
    said = zh_problems(mini, FIELD, f"{field} {attrs}")
    assert any(words in s for s in said), said
    assert not any(RAW.search(re.sub(r"「[^」]*」", "", s)) for s in said), said
