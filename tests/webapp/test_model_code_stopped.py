"""A clerk whose completion runs a model step that overruns its budget sees,
in zh-TW, which step was stopped and that nothing was saved (issue 14)."""
from webtest_support import CLERK, ready_task

SCRIPT_MODEL = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:civicflow="urn:civicflow:bpmn:1" id="d_bomb" targetNamespace="urn:t">
  <bpmn:process id="bomb" name="Bomb" isExecutable="true">
    <bpmn:startEvent id="begin"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="begin" targetRef="register"/>
    <bpmn:userTask id="register" name="Register">
      <bpmn:extensionElements><civicflow:task agency="'DOA'" role="intake"/></bpmn:extensionElements>
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="register" targetRef="crunch"/>
    <bpmn:scriptTask id="crunch" name="彙整統計">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:script>y = str([list(range(10**6))] * 40)</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f3" sourceRef="crunch" targetRef="finish"/>
    <bpmn:endEvent id="finish"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>
"""


def test_the_clerk_sees_which_step_was_stopped_in_chinese(rt, client_for):
    rt.deploy({"bomb.bpmn": SCRIPT_MODEL.encode()})
    ref = rt.start_case("bomb", {"title": "t"}, actor=CLERK)
    register = ready_task(rt, ref["id"], "register")
    clerk = client_for("clerk")
    resp = clerk.post(f"/tasks/{register.id}/complete", data={}, follow_redirects=True)
    page = resp.get_data(as_text=True)
    assert "流程模型中的步驟「彙整統計」執行過久或需要過多記憶體" in page
    assert "model_code_stopped" not in page and "crunch" not in page
    assert ready_task(rt, ref["id"], "register").id == register.id   # nothing was saved
