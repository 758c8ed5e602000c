"""The test-run and the comparison name elements in the viewer's language:
the models' bilingual names ("收件 Received") split, an unnamed element by
its kind, decisions, waits and field errors in words; each id only once, as a
labelled code (代碼) the analyst keys sample data by."""
from __future__ import annotations

import html as h
import json
import re
from datetime import datetime, timezone

from sqlalchemy import insert

from engine.data.schema import model_draft
from test_versions import ANALYST, _form, deploy_v2
from webtest_support import petition_files

ZH = {"Accept-Language": "zh-TW"}
EN = {}   # the session's language, chosen with _english()


def _english(client):
    client.post("/lang/en", data={"next": "/models"})
    return client


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", h.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _section(html: str, start: str, end: str = "</section>") -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def _run(client, headers, task_data=None) -> str:
    form = _form(client)
    if task_data is not None:
        form["task_data"] = json.dumps(task_data)
    return client.post("/models/petition/test-run", data=form, headers=headers).get_data(as_text=True)


def _cells(html: str, table_start: str) -> list[str]:
    body = _section(html, table_start, "</table>")
    return [_text(td) for td in re.findall(r"<td>(.*?)</td>", body, re.S)]


def test_the_path_names_steps_in_the_viewers_language_with_the_id_as_a_code(app, client_for):
    c = client_for("analyst")
    zh = _cells(_run(c, ZH), '<table id="steps">')
    elements = zh[1::7]
    assert elements[0] == "收件 代碼 start_received"
    assert "登記陳情 代碼 register" in elements
    assert "互斥閘道 代碼 gw_oral_join" in elements     # unnamed: its kind, the id once
    assert not any(re.search(r"Received|Register petition|ExclusiveGateway", e) for e in elements)
    en = _cells(_run(_english(c), EN), '<table id="steps">')[1::7]
    assert en[0] == "Received Code start_received" and "Register petition Code register" in en
    assert not any(re.search(r"[\u4e00-\u9fff]", e) for e in en), en


def test_decisions_name_the_task_the_decision_and_the_rule(app, client_for):
    c = client_for("analyst")
    row = _cells(_run(c, ZH), '<tbody id="decisions">')
    assert row[:3] == ["分案 代碼 route", "陳情分案 代碼 petition_routing_table", "道路坑洞破損 代碼 rule_1"]
    row = _cells(_run(_english(c), EN), '<tbody id="decisions">')
    assert row[:3] == ["Route (DMN) Code route", "Petition routing Code petition_routing_table",
                       "Road damage Code rule_1"]


def test_an_error_names_the_fields_by_their_labels_and_what_is_left_in_words(app, client_for):
    # subject is in the start data: only emptied here does the register form miss it
    html = _run(client_for("analyst"), ZH, {"register": {"channel": "pigeon", "subject": ""}})
    error = _text(_section(html, 'id="run-error">', "</div>"))
    assert error.startswith("停在：登記陳情 代碼 register 範例資料不符合表單：")
    assert "來源管道 代碼 channel ：請從選項中選擇。" in error and "主旨 代碼 subject ：必填" in error
    assert "Register" not in error and "Technical" not in error
    waiting = _text(_section(html, '<ul id="waiting">', "</ul>"))
    assert waiting.startswith("待辦任務：登記陳情 代碼 register · 處理期限 民國115年3月3日")
    assert "task" not in waiting


def test_diagrams_carry_the_viewers_half_of_each_name(app, rt, client_for):
    c = client_for("analyst")
    deploy_v2(rt)
    for url in ("/models/petition/test-run/diagram.bpmn", "/models/petition/versions/2/diagram.bpmn"):
        zh = c.get(url, headers=ZH).get_data(as_text=True)
        assert 'name="收件"' in zh and "Received" not in zh and "登記陳情 Register" not in zh
        en = _english(client_for("analyst")).get(url).get_data(as_text=True)
        assert 'name="Received"' in en and 'name="Register petition"' in en


def test_the_comparison_and_the_history_name_versions_and_elements_in_words(app, rt, client_for):
    c = client_for("analyst")
    deploy_v2(rt)
    html = c.get("/models/petition/diff?from=1&to=2", headers=ZH).get_data(as_text=True)
    change = _text(_section(html, 'data-element="register">', "</li>\n"))
    assert change.startswith("變更 登記陳情 代碼 register 使用者任務 · 檔案 petition.bpmn")
    assert "Register petition" not in change
    assert re.findall(r"<figcaption>(.*?)</figcaption>", html) == ["第 1 版", "第 2 版"]
    assert "<dt>第 1 版</dt><dd>系統" in html   # the demo's deployer in words, not "system"
    en = _english(client_for("analyst")).get("/models/petition/diff?from=1&to=2").get_data(as_text=True)
    assert "Register petition" in _text(_section(en, 'data-element="register">', "</li>\n"))
    history = c.get("/models/petition/versions", headers=ZH).get_data(as_text=True)
    assert ">第 2 版</a>" in history and ">v2</a>" not in history


def test_a_changed_field_is_said_in_words_with_its_choices_by_label(app, rt, client_for):
    files = petition_files()
    files["petition.bpmn"] = files["petition.bpmn"].replace(
        b'label_zh="\xe4\xbe\x86\xe6\xba\x90\xe7\xae\xa1\xe9\x81\x93" label_en="Channel"',
        'label_zh="陳情管道" label_en="Channel"'.encode(), 1)
    rt.deploy(files, ANALYST, comment="channel relabelled")
    html = client_for("analyst").get("/models/petition/diff?from=1&to=2").get_data(as_text=True)
    field = _text(_section(html, '<span class="prop">表單欄位', "</li>"))
    assert field.startswith("陳情管道 代碼 channel 變更（標籤（中文））： 單選；必填；標籤（中文）：來源管道；")
    assert "<ins>單選；必填；標籤（中文）：陳情管道；" in html
    assert "required" not in field and "label_zh" not in field and "counter" not in field, field


def _draft(rt, old: str, new: str) -> None:
    files = {k: v.decode() for k, v in petition_files().items()}
    files["petition.bpmn"] = files["petition.bpmn"].replace(old, new, 1)
    now = datetime(2026, 3, 2, tzinfo=timezone.utc)
    with rt.db.begin() as conn:
        conn.execute(insert(model_draft).values(
            key="petition", name="draft", files=json.dumps(files), base_version=1,
            created_by="analyst", created_at=now, updated_by="analyst", updated_at=now))


def test_a_refused_draft_names_the_element_its_problem_is_on(app, rt, client_for):
    _draft(rt, 'role="intake" due="working_days(1)"/>', 'role="intake" due="working_days("/>')
    html = _run(client_for("analyst"), ZH)
    assert 'class="run-status refused"' in html
    problems = _text(_section(html, '<ul class="problems" id="run-problems">', "</ul>"))
    assert problems.startswith("登記陳情 代碼 register ："), problems
    assert "Register petition" not in problems


def test_a_script_error_names_the_step_and_says_why_in_chinese(app, rt, client_for):
    """A known error is worded (engine/authoring/run_words.py), with the failing
    line; the engine's English is not shown to a zh-TW analyst."""
    _draft(rt, "<bpmn:script>cross_agency = len(co_agencies) &gt; 0",
           "<bpmn:script>cross_agency = 1 / 0")
    html = _run(client_for("analyst"), ZH)
    error = _text(_section(html, 'id="run-error">', "</div>"))
    assert error.startswith("停在：計算處理期限 代碼 set_deadline 腳本執行失敗：除以零")
    assert "腳本第 1 行： cross_agency = 1 / 0" in error
    assert "division by zero" not in html


def test_the_notices_are_named_by_kind(app, client_for):
    notices = _text(_section(_run(client_for("analyst"), ZH), '<ul class="notices">', "</ul>"))
    assert notices.startswith("函復通知 →") and "reply" not in notices
