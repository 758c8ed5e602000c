"""Version history, diff and test-run pages."""
from __future__ import annotations

import html as h
import json
import re
from datetime import datetime, timezone

from sqlalchemy import insert

from engine.cases.actors import Actor
from engine.data.schema import model_draft
from webtest_support import make_case, petition_files

ANALYST = Actor("analyst", "DOA", frozenset({"analyst"}))


def deploy_v2(rt, due="working_days(2)"):
    files = petition_files()
    text = files["petition.bpmn"].decode()
    text = text.replace('role="intake" due="working_days(1)"/><civicflow:form><civicflow:field name="channel"',
                        f'role="intake" due="{due}"/><civicflow:form><civicflow:field name="channel"', 1)
    files["petition.bpmn"] = text.encode()
    return rt.deploy(files, ANALYST, comment="register due in 2 working days")


def test_history_lists_versions_with_their_cases(app, rt, client_for):
    make_case(app, rt)
    deploy_v2(rt)
    page = client_for("analyst").get("/models/petition/versions")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = re.findall(r'<tr id="v(\d+)">(.*?)</tr>', html, re.S)
    assert [n for n, _ in rows] == ["2", "1"]
    v2, v1 = (row for _, row in rows)
    assert "analyst" in v2 and "register due in 2 working days" in v2
    assert "民國115年3月2日 09:00" in v2
    assert re.findall(r'class="num">(\d+)<', v1) == ["1", "1"]   # one open case of one
    assert re.findall(r'class="num">(\d+)<', v2) == ["0", "0"]


def test_diff_shows_the_changed_due_expression(app, rt, client_for):
    deploy_v2(rt)
    page = client_for("analyst").get("/models/petition/diff?from=1&to=2")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    changes = re.findall(r'<li class="change (\w+)" data-element="([^"]+)"', html)
    assert changes == [("changed", "register")]
    assert "<del>working_days(1)</del>" in html and "<ins>working_days(2)</ins>" in html
    assert 'data-mark-changed="register"' in html
    assert '+        &lt;civicflow:task agency=&#34;&#39;DOA&#39;&#34; role=&#34;intake&#34; due=&#34;working_days(2)&#34;/&gt;' in html


def test_version_diagram_is_the_process_bpmn(app, rt, client_for):
    resp = client_for("doaboss").get("/models/petition/versions/1/diagram.bpmn")
    assert resp.status_code == 200 and resp.mimetype == "application/xml"
    assert b'<bpmn:process id="petition"' in resp.data


def test_unknown_key_or_version_is_404_and_bad_query_400(app, rt, client_for):
    c = client_for("analyst")
    assert c.get("/models/nothing/versions").status_code == 404
    assert c.get("/models/petition/diff?from=1&to=9").status_code == 404
    assert c.get("/models/petition/versions/7/diagram.bpmn").status_code == 404
    assert c.get("/models/petition/diff?from=1").status_code == 400
    assert c.get("/models/petition/diff?from=x&to=1").status_code == 400
    assert c.get("/models/petition/test-run?source=9").status_code == 404


def test_officers_may_not_see_history_and_supervisors_may_not_run(app, client_for):
    assert client_for("pwb1").get("/models/petition/versions").status_code == 403
    assert client_for("clerk").get("/models/petition/diff?from=1&to=1").status_code == 403
    boss = client_for("pwbboss")
    assert boss.get("/models/petition/versions").status_code == 200
    assert boss.get("/models/petition/test-run").status_code == 403
    assert boss.post("/models/petition/test-run", data={}).status_code == 403


def test_test_run_form_is_prefilled_from_the_model(app, client_for):
    html = client_for("analyst").get("/models/petition/test-run").get_data(as_text=True)
    start = json.loads(_textarea(html, "start_data"))
    tasks = json.loads(_textarea(html, "task_data"))
    assert start["channel"] == "counter" and start["art173_ground"] == "none"
    assert set(tasks) >= {"read_back", "handle"}
    assert "register" not in tasks   # its fields are all start data, which no task sets again
    assert tasks["handle"]["handling_action"] == "reply"
    assert 'value="115/03/02 09:00"' in html      # an ROC date and time, as every date field


def test_test_run_walks_the_latest_version_without_touching_real_cases(app, rt, client_for):
    c = client_for("analyst")
    form = _form(c)
    start = json.loads(form["start_data"])
    start.update(channel="letter", category="street_light", district="D-GUSHAN")
    form["start_data"] = json.dumps(start, ensure_ascii=False)
    html = c.post("/models/petition/test-run", data=form).get_data(as_text=True)
    assert 'class="run-status completed"' in html
    visited = re.search(r'data-mark-visited="([^"]*)"', html).group(1).split()
    assert visited[:3] == ["start_received", "register", "gw_oral"] and "read_back" not in visited
    assert "handle" in visited and visited[-1] == "end_replied"
    assert "rule_2" in html                     # the DMN row for street lights
    assert "民國115年3月10日 23:59" in html       # handle: 6 working days
    with app.app_context():
        with rt.db.connect() as conn:
            assert conn.exec_driver_sql('select count(*) from "case"').scalar() == 0


def test_test_run_prefers_the_draft(app, rt, client_for):
    files = {k: v.decode() for k, v in petition_files().items()}
    files["petition.bpmn"] = files["petition.bpmn"].replace(
        'role="intake" due="working_days(1)"/><civicflow:form><civicflow:field name="channel"',
        'role="intake" due="working_days(3)"/><civicflow:form><civicflow:field name="channel"', 1)
    now = datetime(2026, 3, 2, tzinfo=timezone.utc)
    with rt.db.begin() as conn:
        conn.execute(insert(model_draft).values(
            key="petition", name="draft", files=json.dumps(files), base_version=1,
            created_by="analyst", created_at=now, updated_by="analyst", updated_at=now))
    c = client_for("analyst")
    form = _form(c)
    assert form["source"] == "draft"
    html = c.post("/models/petition/test-run", data=form).get_data(as_text=True)
    register = re.search(r"<code>register</code>.*?</tr>", html, re.S).group(0)
    assert "民國115年3月5日 23:59" in register   # working_days(3) from Monday
    assert c.get("/models/petition/test-run/diagram.bpmn?source=draft").status_code == 200


def test_bad_json_is_400_and_keeps_the_input(app, client_for):
    c = client_for("analyst")
    form = _form(c)
    form["task_data"] = '{"register": {"channel": }'
    resp = c.post("/models/petition/test-run", data=form)
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert 'id="run-error-input"' in html and "JSON" in html
    assert '{&#34;register&#34;: {&#34;channel&#34;: }' in html
    form["task_data"] = "[1, 2]"
    assert c.post("/models/petition/test-run", data=form).status_code == 400
    form["task_data"], form["received_at"] = "{}", "yesterday"
    assert c.post("/models/petition/test-run", data=form).status_code == 400


def test_the_received_date_is_typed_in_roc_and_a_bad_one_is_told_beside_it(app, client_for):
    c = client_for("analyst")
    form = _form(c)
    form["received_at"] = "115/03/02 09:30"
    html = c.post("/models/petition/test-run", data=form).get_data(as_text=True)
    assert 'class="run-status completed"' in html and 'value="115/03/02 09:30"' in html
    form["received_at"] = "03/02/2026"
    resp = c.post("/models/petition/test-run", data=form)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and 'id="result"' not in html
    beside = re.search(r'id="received_at-err">(.*?)</p>', html).group(1)
    assert beside == "請填寫收件日期與時間，例如：115/03/02 08:45。"
    assert 'value="03/02/2026"' in html and 'aria-invalid="true"' in html


def test_bad_sample_data_names_the_element(app, client_for):
    c = client_for("analyst")
    form = _form(c)
    form["task_data"] = json.dumps({"register": {"channel": "pigeon"}})
    html = c.post("/models/petition/test-run", data=form).get_data(as_text=True)
    assert 'class="run-status error"' in html
    error = re.search(r'id="run-error">(.*?)</div>', html, re.S).group(1)
    assert "<code>register</code>" in error and "channel" in error
    assert 'data-mark-failed="register"' in html


def _form(client) -> dict:
    html = client.get("/models/petition/test-run").get_data(as_text=True)
    source = re.search(r'<option value="([^"]+)" selected', html).group(1)
    return {"source": source, "received_at": "2026-03-02T09:00",
            "start_data": _textarea(html, "start_data"), "task_data": _textarea(html, "task_data"),
            "use_json": "1"}   # the advanced JSON boxes, not the fields


def _textarea(html: str, name: str) -> str:
    return h.unescape(re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1))


# ---- issue 12, item 15: the editor's compare link ------------------------------------
def _compare_href(client) -> str:
    page = client.get("/models/petition/edit").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">版本比較</a>', page)
    return h.unescape(link.group(1))


def test_the_editors_compare_link_shows_the_draft_against_its_version(app, client_for):
    c = client_for("analyst")
    files = {k: v.decode() for k, v in petition_files().items()}
    files["petition.bpmn"] = files["petition.bpmn"].replace(
        'role="intake" due="working_days(1)"/>', 'role="intake" due="working_days(4)"/>', 1)
    assert c.put("/models/petition/draft", json={"changed": {"petition.bpmn": files["petition.bpmn"]}}).status_code == 200
    page = c.get(_compare_href(c))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "第 1 版至草稿的變更" in html
    assert re.findall(r'<li class="change (\w+)" data-element="([^"]+)"', html) == [("changed", "register")]
    assert "<del>working_days(1)</del>" in html and "<ins>working_days(4)</ins>" in html
    assert 'data-src="/models/petition/versions/draft/diagram.bpmn"' in html
    assert c.get("/models/petition/versions/draft/diagram.bpmn").status_code == 200
    assert c.get("/models/petition/diff?from=1&to=draft").status_code == 200


def test_the_editors_compare_link_without_a_draft_shows_the_latest_change(app, rt, client_for):
    c = client_for("analyst")
    only_one = c.get(_compare_href(c))
    assert only_one.status_code == 200 and 'id="no-changes"' in only_one.get_data(as_text=True)
    assert c.get("/models/petition/versions/draft/diagram.bpmn").status_code == 404
    deploy_v2(rt)
    html = c.get(_compare_href(c)).get_data(as_text=True)
    assert "第 1 版至第 2 版的變更" in html and "<ins>working_days(2)</ins>" in html
