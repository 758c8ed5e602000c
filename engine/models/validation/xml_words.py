"""BPMN and DMN elements and attributes as a zh-TW analyst knows them.

A structure (XSD) problem names the XML element and attribute it is about;
the analyst sees the diagram, so each common one is said with the words the
editor shows (its panel's types and labels in webapp/templates/models/edit.html,
bpmn-js's and dmn-js's in webapp/static/js/i18n/bpmn-io.zh-TW.json). The raw
name follows in parentheses only for what the diagram does not show by
that name (sourceRef, isExecutable...), where it helps find the place in
the XML; any other name is quoted as written.
"""
from __future__ import annotations

from .flows import KINDS

# element -> (words, whether the raw name helps); the flow nodes as flows.KINDS says them.
ELEMENTS = {tag: (zh, False) for tag, (_, zh) in KINDS.items()} | {
    "definitions": ("模型檔", False), "process": ("流程", False), "sequenceFlow": ("循序流", False),
    "lane": ("泳道", False), "laneSet": ("泳道集合", True), "participant": ("泳池（參與者）", False),
    "collaboration": ("協作", False), "messageFlow": ("訊息流", False), "association": ("關聯", False),
    "dataObjectReference": ("資料物件", False), "dataStoreReference": ("資料存放區", False),
    "textAnnotation": ("文字註解", False), "group": ("群組", False),
    "extensionElements": ("延伸設定", True), "documentation": ("說明", True),
    "conditionExpression": ("條件", True), "script": ("腳本", True),
    "incoming": ("連入的循序流", True), "outgoing": ("連出的循序流", True),
    "flowNodeRef": ("泳道中的元素", True), "timerEventDefinition": ("計時器", True),
    "timeDate": ("計時器的指定時間", True), "timeDuration": ("計時器的期間", True),
    "timeCycle": ("計時器的重複週期", True),
    "messageEventDefinition": ("訊息事件定義", True), "signalEventDefinition": ("信號事件定義", True),
    "errorEventDefinition": ("錯誤事件定義", True), "message": ("訊息", True),
    "standardLoopCharacteristics": ("迴圈", True), "multiInstanceLoopCharacteristics": ("多重執行", True),
    "loopCardinality": ("執行次數", True), "completionCondition": ("完成條件", True),
    "ioSpecification": ("輸入輸出設定", True),
    # DMN
    "decision": ("決策", False), "decisionTable": ("決策表", False), "input": ("輸入欄", False),
    "output": ("輸出欄", False), "inputExpression": ("輸入運算式", False), "rule": ("規則", False),
    "inputEntry": ("規則的輸入儲存格", True), "outputEntry": ("規則的輸出儲存格", True),
    "text": ("內容", True), "description": ("說明", True), "literalExpression": ("常值運算式", False),
    "inputData": ("輸入資料", False), "knowledgeSource": ("知識來源", False),
    "businessKnowledgeModel": ("業務知識模型", False), "variable": ("變數", True),
}
ATTRIBUTES = {
    "id": ("代碼", False), "name": ("名稱", False), "label": ("標籤", False),
    "sourceRef": ("起點元素", True), "targetRef": ("終點元素", True), "isExecutable": ("可執行", True),
    "default": ("預設流向", True), "attachedToRef": ("附掛於", True), "calledElement": ("呼叫的流程", True),
    "cancelActivity": ("中斷型", True), "isInterrupting": ("中斷型", True), "processRef": ("流程", True),
    "messageRef": ("訊息", True), "signalRef": ("信號", True), "errorRef": ("錯誤", True),
    "triggeredByEvent": ("事件子流程", True), "isForCompensation": ("補償", True),
    "targetNamespace": ("目標命名空間", True), "namespace": ("命名空間", True), "type": ("型別", True),
    "scriptFormat": ("腳本語言", True), "gatewayDirection": ("閘道方向", True),
    "isSequential": ("循序多重執行", True), "hitPolicy": ("命中原則", False),
    "aggregation": ("彙整方式", True), "typeRef": ("型別", True), "expressionLanguage": ("運算式語言", True),
}


def element_zh(tag: str) -> str:
    """循序流, 計時器（timerEventDefinition）, or 元素「bogus」 for one nobody named."""
    known = ELEMENTS.get(tag)
    if known is None:
        return f"元素「{tag}」"
    return known[0] + (f"（{tag}）" if known[1] else "")


def attribute_zh(name: str) -> str:
    """「終點元素」（targetRef）, 「代碼」, or 屬性「foo」 for one nobody named."""
    known = ATTRIBUTES.get(name.rsplit(":", 1)[-1])
    if known is None:
        return f"屬性「{name}」"
    return f"「{known[0]}」" + (f"（{name}）" if known[1] else "")
