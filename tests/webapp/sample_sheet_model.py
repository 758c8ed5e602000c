"""A small model for the test-run's sample fields: a start form of several
kinds of input (申請), a review that sends the case back until it is
approved (a rework loop), and a last step; UNNAMED has a review without a
name (a draft the run refuses, whose fields the page still offers)."""
from __future__ import annotations

TASK = '<civicflow:task agency="\'DOA\'" role="officer"/>'
APPLY = f"""<bpmn:userTask id="apply" name="申請 Apply"><bpmn:extensionElements>{TASK}<civicflow:form>
  <civicflow:field name="applicant" type="text" required="true" label_zh="申請人" label_en="Applicant"/>
  <civicflow:field name="amount" type="integer" label_zh="申請金額" label_en="Amount"/>
  <civicflow:field name="visit_on" type="date" label_zh="會勘日期" label_en="Site visit"/>
  <civicflow:field name="urgent" type="boolean" default="true" label_zh="急件" label_en="Urgent"/>
  <civicflow:field name="kind" type="choice" label_zh="申請類別" label_en="Kind">
    <civicflow:choice value="road" label_zh="道路" label_en="Road"/>
    <civicflow:choice value="light" label_zh="路燈" label_en="Street light"/></civicflow:field>
  </civicflow:form></bpmn:extensionElements>
  <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>"""
REVIEW = f"""<bpmn:userTask id="review" name="審查 Review"><bpmn:extensionElements>{TASK}<civicflow:form>
  <civicflow:field name="approved" type="boolean" required="true" decision="true" label_zh="是否核准" label_en="Approved?"/>
  <civicflow:field name="review_note" type="text" label_zh="審查意見" label_en="Review note"/>
  </civicflow:form></bpmn:extensionElements>
  <bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>f_back</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>"""
NOTIFY = f"""<bpmn:userTask id="notify" name="通知申請人 Notify"><bpmn:extensionElements>{TASK}<civicflow:form>
  <civicflow:field name="notified_on" type="date" label_zh="通知日期" label_en="Notified on"/>
  </civicflow:form></bpmn:extensionElements>
  <bpmn:incoming>f_ok</bpmn:incoming><bpmn:outgoing>f_end</bpmn:outgoing></bpmn:userTask>"""
PERMIT = f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:civicflow="urn:civicflow:bpmn:1" id="defs_permit" targetNamespace="urn:test">
<bpmn:process id="permit" name="路權申請 Permit" isExecutable="true">
  <bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="apply"/>
  {APPLY}
  <bpmn:sequenceFlow id="f2" sourceRef="apply" targetRef="review"/>
  {REVIEW}
  <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="gw"/>
  <bpmn:exclusiveGateway id="gw" default="f_back"><bpmn:incoming>f3</bpmn:incoming>
    <bpmn:outgoing>f_ok</bpmn:outgoing><bpmn:outgoing>f_back</bpmn:outgoing></bpmn:exclusiveGateway>
  <bpmn:sequenceFlow id="f_ok" sourceRef="gw" targetRef="notify">
    <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">approved</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f_back" sourceRef="gw" targetRef="review"/>
  {NOTIFY}
  <bpmn:sequenceFlow id="f_end" sourceRef="notify" targetRef="e"/>
  <bpmn:endEvent id="e"><bpmn:incoming>f_end</bpmn:incoming></bpmn:endEvent>
</bpmn:process></bpmn:definitions>"""
UNNAMED = PERMIT.replace('<bpmn:userTask id="review" name="審查 Review">', '<bpmn:userTask id="review">')
