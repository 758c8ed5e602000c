"""The test-run's sample data as form fields (webapp/sample_sheet.py): the
analyst types what the start form and each step are completed with, found
by their zh-TW labels and step names, never by element ids or JSON; a box
left unticked runs as "no", an empty field with its sample, a date or
number that cannot be read is said beside its field, and a step reached
again can be given data per round. The JSON boxes are used only when ticked."""
from __future__ import annotations

import html as h
import json
import re
from datetime import datetime

import lxml.html
from werkzeug.datastructures import MultiDict

from engine.authoring import drafts
from engine.time.clock import TAIPEI
from sample_sheet_model import PERMIT, UNNAMED

URL = "/models/permit/test-run"
ZH = {"Accept-Language": "zh-TW"}


def _draft(db, text: str = PERMIT) -> None:
    with db.begin() as conn:
        drafts.save(conn, "permit", {"permit.bpmn": text.encode()}, "analyst",
                    datetime(2026, 3, 2, 9, tzinfo=TAIPEI))


def _form(html: str):
    return next(f for f in lxml.html.fromstring(html).forms if "testrun-form" in f.get("class", ""))


def _sent(html: str) -> list[tuple[str, str]]:
    """What the browser sends for the page's form as it stands."""
    return [(k, v) for k, v in _form(html).form_values() if k != "use_json"]


def _name(html: str, label: str, nth: int = 0) -> str:
    """The input a zh-TW label names (the `nth` of that label: a step's rounds)."""
    ids = re.findall(rf'<label for="([^"]+)">{re.escape(label)}</label>', html)
    ids += re.findall(rf'<label class="check" for="([^"]+)"><input[^>]*> {re.escape(label)}</label>', html)
    return re.search(rf'id="{re.escape(ids[nth])}" name="([^"]+)"', html).group(1)


def _with(sent: list, changes: dict) -> list:
    """`sent` with each named input set to a value (None: sent no more, as an unticked box)."""
    out = [(k, v) for k, v in sent if k not in changes]
    return out + [(k, v) for k, v in changes.items() if v is not None]


def _post(client, data: list, status: int = 200) -> str:
    resp = client.post(URL, data=MultiDict(data), headers=ZH)
    assert resp.status_code == status, resp.get_data(as_text=True)[:2000]
    return resp.get_data(as_text=True)


def _final(html: str) -> dict:
    return json.loads(h.unescape(re.search(r'<pre id="final-data">(.*?)</pre>', html, re.S).group(1)))


def _path(html: str) -> list[str]:
    """The elements the run visited, each once, in order."""
    return re.search(r'data-mark-visited="([^"]*)"', html).group(1).split()


def _sheet_text(html: str) -> str:
    sheet = html.split('id="sample-start">', 1)[1].split('<details class="sample-json"', 1)[0]
    return re.sub(r"\s+", " ", h.unescape(re.sub(r"<[^>]+>", " ", sheet))).strip()


def test_the_page_offers_the_start_form_and_each_step_by_name_not_by_id(db, client_for):
    _draft(db, UNNAMED)
    html = client_for("analyst").get(URL, headers=ZH).get_data(as_text=True)
    text = _sheet_text(html)
    assert text.startswith("開案資料")
    for label in ("申請人", "申請金額", "會勘日期", "急件", "申請類別", "是否核准", "通知日期"):
        assert label in text
    summaries = [h.unescape(s).strip() for s in re.findall(r"<summary>([^<]*)", html)]
    assert summaries[:2] == ["未命名步驟 1", "通知申請人"]   # the review has no name: its position
    assert not re.search(r"\b(apply|review|notify|permit)\b", text)
    assert 'type="number" id="f-amount__0"' in html
    assert re.search(r'id="f-visit_on__0" name="visit_on__0" value="\d{3}/\d{2}/\d{2}"', html)
    urgent = re.search(r'<input type="checkbox" id="f-urgent__0"[^>]*>', html).group(0)
    assert "checked" in urgent                                   # its default: true
    assert re.search(r'<option value="light"\s*>路燈</option>', html)


def test_the_run_uses_the_typed_values_and_the_samples_for_empty_fields(db, client_for):
    _draft(db)
    c = client_for("analyst")
    page = c.get(URL, headers=ZH).get_data(as_text=True)
    html = _post(c, _with(_sent(page), {
        _name(page, "申請人"): "王小明", _name(page, "申請金額"): "12",
        _name(page, "會勘日期"): "115/03/05", _name(page, "申請類別"): "",
        _name(page, "通知日期"): "民國115年3月9日"}))
    assert 'class="run-status completed"' in html
    data = _final(html)
    assert (data["applicant"], data["amount"], data["visit_on"]) == ("王小明", 12, "2026-03-05")
    assert data["kind"] == "road"                    # left empty: the first choice, as the sample
    assert data["notified_on"] == "2026-03-09"
    assert _path(html) == ["s", "apply", "review", "gw", "notify", "e"]
    assert 'value="王小明"' in html and 'value="115/03/05"' in html   # the form keeps what was typed


def test_a_ticked_box_runs_as_yes_and_an_unticked_one_as_no(db, client_for):
    _draft(db)
    c = client_for("analyst")
    page = c.get(URL, headers=ZH).get_data(as_text=True)
    urgent = _name(page, "急件")
    unticked = _post(c, _with(_sent(page), {urgent: None}))
    assert _final(unticked)["urgent"] is False
    assert "checked" not in re.search(rf'<input type="checkbox" id="f-{urgent}"[^>]*>', unticked).group(0)
    ticked = _post(c, _with(_sent(page), {urgent: "true"}))
    assert _final(ticked)["urgent"] is True
    assert "checked" in re.search(rf'<input type="checkbox" id="f-{urgent}"[^>]*>', ticked).group(0)


def test_a_date_or_number_that_cannot_be_read_is_said_beside_it_and_kept(db, client_for):
    _draft(db)
    c = client_for("analyst")
    page = c.get(URL, headers=ZH).get_data(as_text=True)
    html = _post(c, _with(_sent(page), {_name(page, "會勘日期"): "115/13/45",
                                        _name(page, "申請金額"): "十二",
                                        _name(page, "通知日期"): "下週一"}), status=400)
    assert 'id="result"' not in html
    assert re.search(r'id="run-error-input">請修正標示的欄位。<', html)
    beside = dict(re.findall(r'id="f-(\w+)-err">(.*?)</p>', html))
    assert beside["visit_on__0"] == "無法辨識此日期，請輸入正確的日期，例如 115/03/02。"
    assert beside["amount__0"] == "請輸入整數。"
    assert beside["notified_on__201"] == beside["visit_on__0"]
    assert 'value="115/13/45"' in html and 'value="十二"' in html and 'value="下週一"' in html
    assert re.search(r'id="f-visit_on__0"[^>]*aria-invalid="true"', html, re.S)
    assert re.search(r'<details class="sample-task" id="sample-task-2" open>', html)   # its error in view


def test_a_step_reached_again_runs_with_the_data_of_each_round(db, client_for):
    _draft(db)
    c = client_for("analyst")
    page = c.get(URL, headers=ZH).get_data(as_text=True)
    sent = _with(_sent(page), {_name(page, "申請人"): "王小明"})
    two = _post(c, sent + [("add_round", "1")])      # 加第 2 次 under 審查
    assert 'id="result"' not in two and 'value="王小明"' in two
    assert re.findall(r"<legend[^>]*>(第 \d 次)</legend>", two) == ["第 1 次", "第 2 次"]
    first, second = _name(two, "是否核准", 0), _name(two, "是否核准", 1)
    html = _post(c, _with(_sent(two), {first: None, second: "true",
                                       _name(two, "審查意見", 0): "請補附圖說",
                                       _name(two, "審查意見", 1): "同意"}))
    steps = html.split('<table id="steps">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<code>(\w+)</code>", steps) == ["s", "apply", "review", "gw", "review", "gw",
                                                        "notify", "e"]
    forms = [_step_data(d) for d in re.findall(r'<dl class="summary step-data">(.*?)</dl>', steps, re.S)]
    assert [f.get("審查意見") for f in forms if "是否核准" in f] == ["請補附圖說", "同意"]
    assert [f["是否核准"] for f in forms if "是否核准" in f] == ["否", "是"]


def _step_data(dl: str) -> dict:
    """A step's data as the path shows it: {label: value in words}."""
    return {h.unescape(k): h.unescape(v) for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", dl)}


def test_the_json_boxes_are_used_only_when_ticked_and_then_alone(db, client_for):
    _draft(db)
    c = client_for("analyst")
    page = c.get(URL, headers=ZH).get_data(as_text=True)
    start = dict(json.loads(_form(page).fields["start_data"]), applicant="以 JSON 填寫")
    sent = _with(_sent(page), {_name(page, "申請人"): "以欄位填寫", "start_data": json.dumps(start)})
    assert _final(_post(c, sent))["applicant"] == "以欄位填寫"
    html = _post(c, sent + [("use_json", "1")])
    assert _final(html)["applicant"] == "以 JSON 填寫"
    assert re.search(r'<details class="sample-json" id="json-input" open>', html)
