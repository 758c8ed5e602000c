"""What a zh-TW analyst calls each civicflow attribute a problem names.

A problem says the words the browser editor's panel shows beside the field
(webapp/templates/models/edit.html, translated in messages.po), never the
raw XML attribute, so the analyst finds the field it points to; a test
keeps these words and the panel's labels the same.
"""
from __future__ import annotations

# <civicflow:task> attributes: the panel's label without its parenthesised hint.
TASK_ZH = {
    "show_fields": "表單旁顯示的先前答覆",
    "shows": "顯示的案件資料",
    "item": "各筆任務所指的對象",
    "not_by": "不得由完成此任務者決定",
    "reason": "申請的理由",          # a field of the not_by task's form
    "adds_days": "申請的工作天數",   # likewise, an integer field
    "keep_with": "交還給完成此任務者",
}
# <civicflow:field> attributes and values, as the panel's form fields say them.
FIELD_ZH = {
    "min": "最小值",
    "max": "最大值",
    "type": "類型",
    "boolean": "是／否",
    "integer": "整數",
    "decision": "決定：須選擇是或否",
    "confirm": "須勾選確認",
    "starts_from": "起始值取自",   # a case variable the field starts from
    "example": "試跑範例值",       # the test-run's sample answer (examples.py)
    "labels": "中文與英文標籤",   # label_zh and label_en: 標籤（中文）, 標籤（英文）
}
# engine/resources/catalogue.py's kinds, as the admin pages name them.
RESOURCE_ZH = {"car": "車輛", "driver": "駕駛", "room": "會議室"}


def task_zh(attr: str) -> str:
    """「表單旁顯示的先前答覆」 for show_fields."""
    return f"「{TASK_ZH[attr]}」"
