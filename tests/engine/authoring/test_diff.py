"""Element-level and text differences between two versions of a model."""
from __future__ import annotations

from pathlib import Path

from engine.authoring.diff import compare

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
REGISTER_TASK = 'role="intake" due="working_days(1)"/><civicflow:form><civicflow:field name="channel"'
REMOVED_FLOW = ('<bpmn:sequenceFlow id="flow_gw_oral_gw_oral_join" name="書面 Written" '
                'sourceRef="gw_oral" targetRef="gw_oral_join"/>')


def petition() -> dict:
    return {n: (BPMN / n).read_text(encoding="utf-8") for n in ("petition.bpmn", "petition_routing.dmn")}


def edited() -> dict:
    files = petition()
    text = files["petition.bpmn"]
    assert REGISTER_TASK in text and REMOVED_FLOW in text
    text = text.replace(REGISTER_TASK, REGISTER_TASK.replace("working_days(1)", "working_days(2)"), 1)
    text = text.replace('<civicflow:field name="petitioner_contact"',
                        '<civicflow:field name="petitioner_phone" type="text" label_zh="電話" '
                        'label_en="Phone"/><civicflow:field name="petitioner_contact"', 1)
    files["petition.bpmn"] = text.replace(REMOVED_FLOW, "", 1)
    return files


def test_changed_due_added_field_and_removed_flow_give_the_exact_change_list():
    d = compare(petition(), edited())
    summary = [(c.kind, c.element_id, c.type, [(x.prop, x.change, x.item, x.before, x.after)
                                               for x in c.details]) for c in d.elements]
    assert summary == [
        ("changed", "register", "userTask", [
            ("due", "changed", "", "working_days(1)", "working_days(2)"),
            ("field", "added", "petitioner_phone", None, "text; label_zh=電話; label_en=Phone")]),
        ("removed", "flow_gw_oral_gw_oral_join", "sequenceFlow", []),
    ]
    assert d.ids("changed") == ["register"] and d.ids("removed") == ["flow_gw_oral_gw_oral_join"]
    [bpmn, dmn] = d.files
    assert (bpmn.name, bpmn.status, dmn.status) == ("petition.bpmn", "changed", "same")
    assert any(line.startswith("-") and "flow_gw_oral_gw_oral_join" in line for line in bpmn.lines)
    assert any(line.startswith("+") and "working_days(2)" in line for line in bpmn.lines)


def test_identical_versions_have_no_changes():
    d = compare(petition(), petition())
    assert d.empty and d.elements == []


def test_condition_timer_lane_and_field_attribute_changes():
    old = {"m.bpmn": MODEL.format(cond="x &gt; 1", timer="working_days(3)", lane="EPB", req="true")}
    new = {"m.bpmn": MODEL.format(cond="x &gt; 2", timer="working_days(4)", lane="PWB", req="false")}
    d = compare(old, new)
    details = [(c.element_id, x.prop, x.item, x.before, x.after, x.attrs)
               for c in d.elements for x in c.details]
    assert details == [
        ("lane_a", "name", "", "EPB", "PWB", []),
        ("work", "lane", "", "EPB", "PWB", []),
        ("work", "field", "answer", "text; required", "text", ["required"]),
        ("remind", "timer", "", "timeDate: working_days(3)", "timeDate: working_days(4)", []),
        ("f_yes", "condition", "", "x > 1", "x > 2", []),
    ]


def test_dmn_rule_rows_added_removed_and_changed():
    old = petition()["petition_routing.dmn"]
    new = old.replace('<outputEntry id="r1_o2"><text>6</text>', '<outputEntry id="r1_o2"><text>5</text>')
    start, end = new.index('<rule id="rule_3">'), new.index('<rule id="rule_4">')
    new = new[:start] + new[end:]
    d = compare({"r.dmn": old}, {"r.dmn": new})
    [change] = d.elements
    assert (change.kind, change.element_id, change.type) == ("changed", "petition_routing", "decision")
    rules = [(x.item, x.change, x.attrs) for x in change.details]
    assert rules == [("rule_1", "changed", ["outputs"]), ("rule_3", "removed", [])]
    assert change.details[0].after.endswith('"PWB" | [] | 5 | "KCG"')


def test_unsafe_xml_is_not_parsed_and_falls_back_to_text():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    d = compare({"m.bpmn": "<x/>"}, {"m.bpmn": bomb})
    assert d.elements == []
    assert d.files[0].status == "changed"
    assert any("<!ENTITY" in line for line in d.files[0].lines)


MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:civicflow="urn:civicflow:bpmn:1" id="d" targetNamespace="urn:t">
<bpmn:process id="m" isExecutable="true">
  <bpmn:laneSet id="ls"><bpmn:lane id="lane_a" name="{lane}"><bpmn:flowNodeRef>work</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
  <bpmn:startEvent id="s"/>
  <bpmn:userTask id="work"><bpmn:extensionElements><civicflow:form>
    <civicflow:field name="answer" type="text" required="{req}"/></civicflow:form></bpmn:extensionElements></bpmn:userTask>
  <bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false">
    <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">{timer}</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:sequenceFlow id="f_yes" sourceRef="s" targetRef="work">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{cond}</bpmn:conditionExpression></bpmn:sequenceFlow>
</bpmn:process>
</bpmn:definitions>"""


def test_a_decisions_words_and_a_fields_condition_are_changes():
    """An analyst who renames 不核准 or changes when a field shows sees it in the comparison."""
    files = petition()
    text = files["petition.bpmn"]
    assert 'no_zh="不核准"' in text and 'when="extension_approved=true"' in text
    text = text.replace('no_zh="不核准"', 'no_zh="駁回"', 1)
    files["petition.bpmn"] = text.replace('when="extension_approved=true"', 'when="extension_approved=false"', 1)
    changes = [(x.item, x.attrs) for c in compare(petition(), files).elements
               if c.element_id == "approve_extension" for x in c.details]
    assert changes == [("extension_approved", ["no_zh"]), ("extension_days", ["when"])]


AGENCIES = {"PWB": ("工務局", "Public Works Bureau"), "EPB": ("環境保護局", "Environmental Protection Bureau"),
            "KCG": ("高雄市政府", "Kaohsiung City Government"), "FIRE": ("消防局", "")}
ROW_1 = '<outputEntry id="r1_o1"><text>[]</text></outputEntry>'


def _new_row(outputs: str) -> dict:
    """The routing table with one more row after the first: road damage in 旗津 with these outputs."""
    dmn = petition()["petition_routing.dmn"]
    row = ('<rule id="DecisionRule_new"><inputEntry id="n_i1"><text>"road_damage"</text></inputEntry>'
           '<inputEntry id="n_i2"><text>"D-QIJIN"</text></inputEntry>' + outputs + '</rule>\n')
    at = dmn.index("</rule>", dmn.index('<rule id="rule_1">')) + len("</rule>\n")
    return {"petition.bpmn": petition()["petition.bpmn"], "petition_routing.dmn": dmn[:at] + row + dmn[at:]}


def _said(files: dict, agencies=AGENCIES) -> tuple:
    [change] = compare(petition(), files, agencies).elements
    [row] = change.details
    return row.said_after


def test_a_new_rows_agency_codes_are_said_as_the_agencies_names():
    outputs = ('<outputEntry id="n_o1"><text>"PWB"</text></outputEntry>'
               '<outputEntry id="n_o2"><text>["EPB", \'FIRE\']</text></outputEntry>'
               '<outputEntry id="n_o3"><text>3</text></outputEntry>'
               '<outputEntry id="n_o4"><text>\'KCG\'</text></outputEntry>')
    zh, en = _said(_new_row(outputs))
    assert zh == ("第 2 列：類別 = 道路坑洞破損、行政區 = 旗津區 → 主辦機關 = 工務局、"
                  "會辦機關 = 環境保護局、消防局、處理期限 = 3、共同上級 = 高雄市政府")
    assert "Responsible agency = Public Works Bureau" in en
    assert "Co-handling agencies = Environmental Protection Bureau, 消防局" in en   # no English name: the Chinese one
    assert "Common superior = Kaohsiung City Government" in en
    assert not any(code in zh + en for code in ("PWB", "EPB", "FIRE", "KCG"))


def test_an_expression_names_the_agency_it_quotes_and_an_unknown_code_stays():
    outputs = ('<outputEntry id="n_o1"><text>"PWB" if district == \'D-QIJIN\' else "XYZ"</text></outputEntry>'
               '<outputEntry id="n_o2"><text>[]</text></outputEntry>'
               '<outputEntry id="n_o3"><text>3</text></outputEntry>'
               '<outputEntry id="n_o4"><text>"NOPE"</text></outputEntry>')
    zh, _en = _said(_new_row(outputs))
    assert "主辦機關 工務局 if district == 'D-QIJIN' else \"XYZ\"" in zh
    assert "會辦機關 = 無" in zh and "共同上級 = NOPE" in zh


def test_without_agencies_the_row_keeps_its_codes():
    outputs = ('<outputEntry id="n_o1"><text>"PWB"</text></outputEntry><outputEntry id="n_o2"><text>[]</text>'
               '</outputEntry><outputEntry id="n_o3"><text>3</text></outputEntry>'
               '<outputEntry id="n_o4"><text>"KCG"</text></outputEntry>')
    zh, _en = _said(_new_row(outputs), None)
    assert "主辦機關 = PWB" in zh


BOOLEAN = 'name="agreed" type="boolean"'
FIELD_MODEL = MODEL.replace('name="answer" type="text" required="{req}"', BOOLEAN + ' {attrs}')


def _field_change(before: str, after: str):
    old = {"m.bpmn": FIELD_MODEL.format(cond="x", timer="t", lane="EPB", attrs=before)}
    new = {"m.bpmn": FIELD_MODEL.format(cond="x", timer="t", lane="EPB", attrs=after)}
    return [(x.item, x.change, x.attrs, x.before, x.after) for c in compare(old, new).elements
            for x in c.details]


def test_a_changed_confirmation_is_listed():
    assert _field_change("", 'confirm="true"') == [
        ("agreed", "changed", ["confirm"], "boolean", "boolean; confirm")]
    assert _field_change('decision="true"', 'confirm="true"') == [
        ("agreed", "changed", ["decision", "confirm"], "boolean; decision", "boolean; confirm")]


def test_every_attribute_of_a_form_field_is_compared():
    """A field attribute the engine reads but the comparison leaves out is a
    change nobody sees: decision, when, min, max, maxlength, default, resource..."""
    from dataclasses import fields as attributes
    from engine.authoring.elements import FIELD_ATTRS
    from engine.models.meta import Field
    assert {a.name for a in attributes(Field)} - {"name"} <= set(FIELD_ATTRS)
    for before, after, attr in (('when="a=b"', 'when="a=c"', "when"), ('default="true"', 'default="false"', "default"),
                                ("", 'decision="true"', "decision"), ('resource="car"', 'resource="room"', "resource")):
        [(_item, _kind, attrs, _b, _a)] = _field_change(before, after)
        assert attrs == [attr]
