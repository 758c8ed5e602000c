from engine.models import meta
from engine.models.xmlsafe import parse_xml

CAMUNDA_TASKS = b"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:civicflow="urn:civicflow:bpmn:1"
    id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:userTask id="approve" camunda:candidateGroups="supervisor, accounting"
                   camunda:dueDate="2024-05-01T17:00:00+08:00">
      <bpmn:extensionElements>
        <camunda:formData>
          <camunda:formField id="amount" label="Amount" type="long" defaultValue="0">
            <camunda:validation>
              <camunda:constraint name="required"/><camunda:constraint name="max" config="5000"/>
            </camunda:validation>
          </camunda:formField>
          <camunda:formField id="outcome" label="Outcome" type="enum">
            <camunda:value id="ok" name="Approved"/><camunda:value id="no" name="Rejected"/>
          </camunda:formField>
        </camunda:formData>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="pay" camunda:candidateGroups="CPO" camunda:dueDate="${dueDate}"/>
    <bpmn:userTask id="own" camunda:candidateGroups="CPO">
      <bpmn:extensionElements><civicflow:task role="officer" due="working_days(3)"/></bpmn:extensionElements>
    </bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>"""


def _tasks():
    return meta.extract(parse_xml(CAMUNDA_TASKS, "c.bpmn"))["p"].tasks


def test_candidate_group_role_due_date_and_form_fields():
    task = _tasks()["approve"]
    assert task.role == "supervisor" and task.agency_expr is None
    assert task.due_expr == "'2024-05-01T17:00:00+08:00'"
    amount, outcome = task.fields
    assert (amount.name, amount.type, amount.required, amount.max, amount.default) == \
        ("amount", "integer", True, 5000.0, "0")
    assert outcome.type == "choice" and outcome.choices == [["ok", "Approved", "Approved"],
                                                            ["no", "Rejected", "Rejected"]]


def test_group_naming_an_agency_becomes_an_agency_expression_and_juel_is_ignored():
    task = _tasks()["pay"]
    assert task.agency_expr == "'CPO'" and task.role is None and task.due_expr is None


def test_civicflow_extension_wins():
    task = _tasks()["own"]
    assert task.role == "officer" and task.agency_expr is None and task.due_expr == "working_days(3)"
