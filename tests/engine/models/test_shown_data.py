"""A task's `<civicflow:table>` and `<civicflow:value>`: variables scripts made
shown beside the form by labelled columns (engine/models/shown_data.py).
What the page could not put in words (no columns, a column without key or
labels, an unknown type) is a model problem, in English and zh-TW."""
from __future__ import annotations

import json

from lxml import etree

from engine.models import meta

MODEL = """<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:civicflow="urn:civicflow:bpmn:1"><process id="p" isExecutable="true">
  <userTask id="approve"><extensionElements>
    <civicflow:task role="supervisor"/>
    %s
    <civicflow:form><civicflow:field name="ok" type="boolean" label_zh="核定"/></civicflow:form>
  </extensionElements></userTask>
  </process></definitions>"""

RESULTS = """
<civicflow:value name="offices_audited" label_zh="受考評機關數" label_en="Offices audited"/>
<civicflow:table name="audit_results" label_zh="各區公所考評結果" label_en="Results per office">
  <civicflow:column key="office" type="agency" label_zh="受考評機關" label_en="Office"/>
  <civicflow:column key="score" label_zh="總分" label_en="Score"/>
  <civicflow:column key="visit_at" type="date" label_zh="考評日期" label_en="Visit date"/>
  <civicflow:column key="needs_reinspection" type="boolean" label_zh="須複查" label_en="Re-inspection"
                    yes_zh="應複查" no_zh="免複查" yes_en="Yes" no_en="No"/>
</civicflow:table>"""


def _task(declared: str):
    return meta.extract(etree.fromstring((MODEL % declared).encode()))["p"]


def _problems(declared: str) -> list:
    return [(eid, en, zh) for eid, en, zh in meta.problems(_task(declared), None)]


def test_tables_and_values_are_read_into_the_tasks_metadata():
    approve = _task(RESULTS).tasks["approve"]
    (table,) = approve.tables
    assert (table.name, table.label("zh_TW"), table.label("en")) == (
        "audit_results", "各區公所考評結果", "Results per office")
    assert [(c.key, c.type) for c in table.columns] == [
        ("office", "agency"), ("score", "text"), ("visit_at", "date"), ("needs_reinspection", "boolean")]
    assert table.columns[3].answer_word(True, "zh_TW") == "應複查"
    assert table.columns[3].answer_word(False, "en") == "No"
    assert [(v.key, v.label("en")) for v in approve.values] == [("offices_audited", "Offices audited")]
    assert [f.name for f in approve.fields] == ["ok"]
    assert _problems(RESULTS) == []


def test_they_survive_the_stored_metadata():
    proc = _task(RESULTS)
    back = meta.ProcessMeta.from_dict(json.loads(json.dumps(proc.to_dict())))
    assert back.tasks["approve"].tables == proc.tasks["approve"].tables
    assert back.tasks["approve"].values == proc.tasks["approve"].values


def test_metadata_stored_before_tables_existed_reads_as_none():
    d = _task("").to_dict()
    for t in d["tasks"].values():
        del t["tables"], t["values"]
    back = meta.ProcessMeta.from_dict(d)
    assert (back.tasks["approve"].tables, back.tasks["approve"].values) == ([], [])


def test_a_table_without_columns_is_refused():
    found = _problems('<civicflow:table name="audit_results" label_zh="結果" label_en="Results"/>')
    assert [(eid, "no column" in en, "沒有任何欄" in zh) for eid, en, zh in found] == [
        ("approve", True, True)]


def test_a_column_without_key_or_labels_is_refused():
    found = _problems("""<civicflow:table name="audit_results" label_zh="結果" label_en="Results">
        <civicflow:column label_zh="總分" label_en="Score"/>
        <civicflow:column key="grade" label_zh="等第"/></civicflow:table>""")
    assert [zh for _e, _en, zh in found] == ["表格「audit_results」的欄缺少所取的資料名稱",
                                            "表格「audit_results」的欄「grade」須有中文與英文標籤"]
    assert "without a key" in found[0][1] and "needs label_zh and label_en" in found[1][1]


def test_an_unknown_column_type_is_refused():
    found = _problems("""<civicflow:table name="audit_results" label_zh="結果" label_en="Results">
        <civicflow:column key="score" type="percent" label_zh="總分" label_en="Score"/></civicflow:table>""")
    assert len(found) == 1
    assert "unknown type 'percent'" in found[0][1] and "類型「percent」不明" in found[0][2]


def test_a_table_without_labels_or_a_variable_name_is_refused():
    found = _problems("""<civicflow:table name="audit results">
        <civicflow:column key="score" label_zh="總分" label_en="Score"/></civicflow:table>""")
    assert [zh for _e, _en, zh in found] == ["表格的名稱「audit results」不是變數名稱",
                                            "表格「audit results」須有中文與英文標籤"]


def test_a_value_is_checked_like_a_column():
    found = _problems('<civicflow:value name="grade_a" type="count" label_en="Graded A"/>'
                      '<civicflow:value label_zh="總數" label_en="Total"/>')
    assert [zh for _e, _en, zh in found] == ["資料項「grade_a」須有中文與英文標籤",
                                            "資料項「grade_a」的類型「count」不明（可用：text agency boolean date）",
                                            "資料項的名稱「」不是變數名稱"]


def test_the_petitioners_identity_is_never_shown_this_way():
    """Art. 170: the panel's own petitioner row shows the person, to whoever may see them."""
    found = _problems('<civicflow:value name="petitioner_name" label_zh="姓名" label_en="Name"/>'
                      '<civicflow:table name="rows" label_zh="列" label_en="Rows">'
                      '<civicflow:column key="petitioner_phone" label_zh="電話" label_en="Phone"/>'
                      '</civicflow:table>')
    assert len(found) == 2 and all("不可顯示陳情人" in zh for _e, _en, zh in found)


def test_the_shipped_records_audit_declares_the_results_for_its_chief():
    from pathlib import Path
    root = etree.parse(str(Path(__file__).resolve().parents[3] / "bpmn" / "records_audit.bpmn")).getroot()
    proc = meta.extract(root)["records_audit"]
    publish = proc.tasks["publish_results"]
    assert [t.name for t in publish.tables] == ["audit_results"]
    assert [v.key for v in publish.values] == ["offices_audited", "grade_excellent", "grade_a",
                                               "grade_b", "grade_c", "reinspections_planned"]
    assert [v.key for v in proc.tasks["discipline_review"].values] == ["total_score", "grade", "visit_at"]
    assert meta.problems(proc, None) == []
