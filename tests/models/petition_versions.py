"""Newer versions of bpmn/petition.bpmn for the migration tests, made by
editing the shipped file: v2 changes the handling deadline, adds a field to
the handling form and a supervisor's review step before the reply; the
"renamed" variant also gives the read-back step a new id."""
from __future__ import annotations

from pathlib import Path

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"

NEW_FIELD = ('<civicflow:field name="inspection_note" type="textarea" label_zh="現場勘查紀錄" '
             'label_en="Site inspection notes" maxlength="2000"/>')
REVIEW = ('<bpmn:userTask id="review_reply" name="主管覆核答覆 Supervisor reviews the reply">'
          '<bpmn:extensionElements><civicflow:task agency="responsible_agency" role="supervisor" '
          'due="working_days(2, start=now())"/><civicflow:form><civicflow:field name="review_note" '
          'type="textarea" label_zh="覆核意見" label_en="Review notes" maxlength="2000"/>'
          '</civicflow:form></bpmn:extensionElements><bpmn:incoming>flow_handling_review</bpmn:incoming>'
          '<bpmn:outgoing>flow_review_compose</bpmn:outgoing></bpmn:userTask>'
          '<bpmn:sequenceFlow id="flow_review_compose" sourceRef="review_reply" targetRef="compose_reply"/>')


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def petition_v2() -> str:
    text = (BPMN_DIR / "petition.bpmn").read_text(encoding="utf-8")
    handle = ('<bpmn:userTask id="handle" name="辦理並擬復 Handle and draft the reply">'
              '<bpmn:extensionElements><civicflow:task agency="responsible_agency" role="officer" '
              'due="due_at" keep_with="handle"/><civicflow:form>')
    text = _once(text, handle, handle.replace('due="due_at"', 'due="working_days(4)"') + NEW_FIELD)
    text = _once(text, '<bpmn:outgoing>flow_handling_send_reply</bpmn:outgoing>',
                 '<bpmn:outgoing>flow_handling_review</bpmn:outgoing>')
    text = _once(text, '<bpmn:incoming>flow_handling_send_reply</bpmn:incoming>',
                 '<bpmn:incoming>flow_review_compose</bpmn:incoming>')
    text = _once(text, '<bpmn:sequenceFlow id="flow_handling_send_reply" sourceRef="handling" '
                       'targetRef="compose_reply"/>',
                 '<bpmn:sequenceFlow id="flow_handling_review" sourceRef="handling" '
                 'targetRef="review_reply"/>' + REVIEW)
    text = text.replace('bpmnElement="flow_handling_send_reply"', 'bpmnElement="flow_handling_review"')
    return text


def petition_renamed() -> str:
    """v2 with the read-back step's id changed (cases waiting there need a mapping)."""
    text = petition_v2()
    for old in ('id="read_back"', 'targetRef="read_back"', 'sourceRef="read_back"',
                'bpmnElement="read_back"'):
        text = text.replace(old, old.replace("read_back", "read_back_record"))
    return text


def petition_read_back_timer() -> str:
    """v2 with a reminder timer on the read-back step (cases already there never armed it)."""
    text = petition_v2()
    timer = ('<bpmn:boundaryEvent id="read_back_timer" attachedToRef="read_back" name="催辦 Reminder" '
             'cancelActivity="false"><bpmn:outgoing>flow_read_back_timer_done</bpmn:outgoing>'
             '<bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">'
             'working_days(1, start=now())</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:boundaryEvent>'
             '<bpmn:endEvent id="read_back_timer_done"><bpmn:incoming>flow_read_back_timer_done'
             '</bpmn:incoming></bpmn:endEvent><bpmn:sequenceFlow id="flow_read_back_timer_done" '
             'sourceRef="read_back_timer" targetRef="read_back_timer_done"/>')
    return _once(text, '<bpmn:userTask id="read_back"', timer + '<bpmn:userTask id="read_back"')


def files(text: str) -> dict[str, bytes]:
    return {"petition.bpmn": text.encode("utf-8"),
            "petition_routing.dmn": (BPMN_DIR / "petition_routing.dmn").read_bytes()}


def consumer_v2() -> dict[str, bytes]:
    """bpmn/consumer_complaint.bpmn with the business-response step renamed on screen."""
    text = (BPMN_DIR / "consumer_complaint.bpmn").read_text(encoding="utf-8")
    text = _once(text, 'name="登錄企業經營者處理結果 Record the business\'s response"',
                 'name="登錄企業經營者回覆 Record the business\'s reply"')
    return {"consumer_complaint.bpmn": text.encode("utf-8")}


def petition_with_new_required_field() -> str:
    """v2 whose registration also asks (required) how the petitioner's identity was checked."""
    old = ('<civicflow:field name="confidential" type="boolean" label_zh="身分保密（第170條）" '
           'label_en="Keep identity confidential (Art. 170)" default="false"/>')
    new = ('<civicflow:field name="identity_check" type="text" required="true" '
           'label_zh="身分查核方式" label_en="How the identity was checked" maxlength="100"/>')
    return _once(petition_v2(), old, old + new)


# What the repeat petition's script said before it had a notice of its own.
OLD_REPEAT_NOTICE = (
    "notify('reply', to='petitioner', reply_text='本案與前案 ' + earlier_case + ' 同一事由，業經 ' "
    "+ earlier_reply_date + ' ' + earlier_reply_number + ' 函明確答覆，依行政程序法第173條規定不再答覆。"
    " / This petition repeats case ' + earlier_case + ', already answered on ' + earlier_reply_date "
    "+ ' (' + earlier_reply_number + '); under Art. 173 it is not answered again.')")
REPEAT_NOTICE = ("notify('repeat', to='petitioner', agency='DOA', earlier_case=earlier_case, "
                 "earlier_reply_date=earlier_reply_date, earlier_reply_number=earlier_reply_number)")


def petition_old_repeat_notice() -> str:
    """The shipped model as deployed before `notify('repeat', ...)`: its repeat
    petitions are told through the shared reply notice."""
    text = (BPMN_DIR / "petition.bpmn").read_text(encoding="utf-8")
    return _once(text, REPEAT_NOTICE, OLD_REPEAT_NOTICE)
