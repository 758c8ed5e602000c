"""The test-run as an analyst who writes no JSON uses it: who the case is
from (陳情人) and the days to wait before a step (等待日數) are fields in
words; a step's field the start form asks too is shown under the step, empty
meaning "keep the start data's value"; the path says what each step
submitted as labelled words with ROC dates (民國115年3月5日), 是/否 and
choices by label; a car or driver retired from service is never booked, and
with none in service the page says so beside the field."""
from __future__ import annotations

import html as h
import re
from datetime import datetime
from pathlib import Path

from werkzeug.datastructures import MultiDict

from engine.authoring import drafts, testrun
from engine.demo.bookings import load_resources
from engine.resources import catalogue
from engine.time.clock import TAIPEI
from sample_sheet_model import PERMIT
from test_sample_sheet import _final, _name, _sent, _sheet_text, _with

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
ZH = {"Accept-Language": "zh-TW"}
# The review asks 申請金額 again, as a real review may correct what was applied for.
ASKS_AGAIN = PERMIT.replace(
    '<civicflow:field name="review_note"',
    '<civicflow:field name="amount" type="integer" label_zh="申請金額" label_en="Amount"/>'
    '<civicflow:field name="review_note"')


def _draft(db, key: str, files: dict) -> None:
    with db.begin() as conn:
        drafts.save(conn, key, files, "analyst", datetime(2026, 3, 2, 9, tzinfo=TAIPEI))


def _page(client, key: str) -> str:
    return client.get(f"/models/{key}/test-run", headers=ZH).get_data(as_text=True)


def _post(client, key: str, data: list, status: int = 200) -> str:
    resp = client.post(f"/models/{key}/test-run", data=MultiDict(data), headers=ZH)
    assert resp.status_code == status, resp.get_data(as_text=True)[:3000]
    return resp.get_data(as_text=True)


def _value(html: str, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{name}" value="([^"]*)"', html)
    return h.unescape(found.group(1))


def _steps(html: str) -> list[tuple[str, dict]]:
    """[(step name, {label: value in words})] of the path's steps that submitted data."""
    table = html.split('<table id="steps">', 1)[1].split("</table>", 1)[0]
    out = []
    for row in re.findall(r"<tr class=\"task\">(.*?)</tr>", table, re.S):
        name = re.sub(r"<[^>]+>", "", row.split("<td>", 3)[2]).split("代碼")[0].strip()
        dl = re.search(r'<dl class="summary step-data">(.*?)</dl>', row, re.S).group(1)
        out.append((name, {h.unescape(k): h.unescape(v)
                           for k, v in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", dl)}))
    return out


def test_the_petitioner_and_the_days_to_wait_are_fields_in_words(db, client_for, monkeypatch):
    _draft(db, "permit", {"permit.bpmn": PERMIT.encode()})
    c = client_for("analyst")
    page = _page(c, "permit")
    person = page.split('id="sample-petitioner">', 1)[1].split("</fieldset>", 1)[0]
    assert re.search(r"<legend>陳情人</legend>", person)
    for label in ("姓名", "電話", "電子郵件", "地址"):   # as the counter's intake page asks them
        assert f">{label}</label>" in person, label
    assert ">等待日數（完成此步驟前）</label>" in page
    assert _value(page, _name(page, "姓名")) == "測試陳情人"
    plans = []
    monkeypatch.setattr(testrun, "run", lambda plan, run=testrun.run: plans.append(plan) or run(plan))
    html = _post(c, "permit", _with(_sent(page), {
        _name(page, "姓名"): "王小明", _name(page, "電話"): "0911-222-333",
        _name(page, "電子郵件"): "", _name(page, "等待日數（完成此步驟前）", 0): "3"}))
    assert plans[0].start_data["_petitioner"] == {"name": "王小明", "phone": "0911-222-333"}
    assert plans[0].task_data["review"]["_wait_days"] == 3
    review = next(r for r in re.findall(r"<tr class=\"task\">(.*?)</tr>", html, re.S) if "審查" in r)
    assert "民國115年3月5日" in review   # done three days after the day received
    assert "_petitioner" not in _sheet_text(page) and "_wait_days" not in _sheet_text(page)


def test_the_days_to_wait_that_are_no_number_are_said_beside_the_field(db, client_for):
    _draft(db, "permit", {"permit.bpmn": PERMIT.encode()})
    c = client_for("analyst")
    page = _page(c, "permit")
    wait = _name(page, "等待日數（完成此步驟前）", 0)
    html = _post(c, "permit", _with(_sent(page), {wait: "三天"}), status=400)
    assert re.search(rf'id="f-{wait}-err">請輸入數字。<', html)


def test_a_step_asking_a_start_field_again_shows_it_empty_keeping_the_start_value(db, client_for):
    _draft(db, "permit", {"permit.bpmn": ASKS_AGAIN.encode()})
    c = client_for("analyst")
    page = _page(c, "permit")
    at_review = _name(page, "申請金額", 1)                       # under 審查, after the start form's
    assert at_review.endswith("__101") and _value(page, at_review) == ""
    assert re.search(rf'id="f-{at_review}-hint">留空則沿用開案資料的值。<', page)
    kept = _post(c, "permit", _with(_sent(page), {_name(page, "申請金額"): "12"}))
    assert _final(kept)["amount"] == 12
    corrected = _post(c, "permit", _with(_sent(page), {_name(page, "申請金額"): "12", at_review: "20"}))
    assert _final(corrected)["amount"] == 20


def test_the_path_says_each_steps_data_in_words_with_roc_dates(db, client_for):
    _draft(db, "permit", {"permit.bpmn": PERMIT.encode()})
    c = client_for("analyst")
    page = _page(c, "permit")
    html = _post(c, "permit", _with(_sent(page), {
        _name(page, "申請人"): "王小明", _name(page, "會勘日期"): "115/03/05",
        _name(page, "急件"): None, _name(page, "申請類別"): "light"}))
    steps = dict(_steps(html))
    assert steps["申請"] == {"申請人": "王小明", "申請金額": "1", "會勘日期": "民國115年3月5日",
                             "急件": "否", "申請類別": "路燈"}
    assert steps["審查"]["是否核准"] == "是"
    table = html.split('<table id="steps">', 1)[1].split("</table>", 1)[0]
    assert "<pre>" not in table and "2026-03-05" not in table and "true" not in table


def _dispatch(db, retired: list[str]) -> None:
    load_resources(db)
    key = "vehicle_dispatch"
    _draft(db, key, {f"{key}.bpmn": (BPMN / f"{key}.bpmn").read_bytes()})
    with db.begin() as conn:
        for code in retired:
            catalogue.set_active(conn, code, False, "admin", datetime(2026, 3, 1, tzinfo=TAIPEI))


def _options(html: str, name: str) -> list[tuple[str, bool]]:
    select = re.search(rf'<select id="f-{name}" name="{name}".*?</select>', html, re.S).group(0)
    return [(v, bool(s.strip())) for v, s in re.findall(r'<option value="([^"]+)"\s*(selected)?', select)]


def test_a_retired_car_or_driver_is_never_booked_but_one_in_service(db, clock, client_for):
    clock.set(datetime(2026, 3, 2, 15, 30, tzinfo=TAIPEI))
    _dispatch(db, ["RBK-2101", "DRV-01"])                      # the model's examples, retired
    c = client_for("analyst")
    page = _page(c, "vehicle_dispatch")
    cars = _options(page, _name(page, "車輛"))
    assert "RBK-2101" not in [v for v, _ in cars] and ("RBK-2102", True) in cars
    assert ("DRV-02", True) in _options(page, _name(page, "駕駛"))
    html = _post(c, "vehicle_dispatch", _sent(page))
    assert 'class="run-status completed"' in html, re.sub(r"<[^>]+>", " ", html)[-3000:]
    assert _final(html)["car_id"] == "RBK-2102"
    assert dict(_steps(html))["指派車輛及駕駛"]["車輛"].startswith("RBK-2102 ")


def test_with_no_car_in_service_the_page_says_so_beside_the_field(db, clock, client_for):
    clock.set(datetime(2026, 3, 2, 15, 30, tzinfo=TAIPEI))
    _dispatch(db, ["RBK-2101", "RBK-2102", "RBK-2103", "RBL-3316", "RBL-3317", "KKA-0520",
                   "RBK-2205", "RBK-2206", "RBL-3420"])
    c = client_for("analyst")
    page = _page(c, "vehicle_dispatch")
    car = _name(page, "車輛")
    words = "目前沒有使用中的車輛：請到「管理」的「車輛、駕駛及場地」新增一輛或恢復使用，再試跑。"
    assert re.search(rf'id="f-{car}-hint">{words}<', page)
    html = _post(c, "vehicle_dispatch", _sent(page), status=400)
    assert re.search(rf'id="f-{car}-err">{words}<', html) and 'id="result"' not in html
    assert html.count(words) == 1                     # said once, as the error, not as its hint too
    assert re.search(rf'<select id="f-{car}" name="{car}"', page)   # nothing to type: an empty list
    refused = _post(c, "vehicle_dispatch", _with(_sent(page), {_name(page, "派車決定"): "refuse"}))
    assert 'class="run-status completed"' in refused   # no car needed: the run goes on


def test_a_date_and_time_in_the_path_is_taipei_time_as_typed(db, clock, client_for):
    """A form stores 115/12/04 09:00 as 2026-12-04T09:00 (Taipei's wall clock): not 17:00."""
    clock.set(datetime(2026, 3, 2, 15, 30, tzinfo=TAIPEI))
    _dispatch(db, [])
    c = client_for("analyst")
    page = _page(c, "vehicle_dispatch")
    html = _post(c, "vehicle_dispatch", _with(_sent(page), {_name(page, "出發時間"): "115/03/04 08:30",
                                                            _name(page, "預定返回時間"): "115/03/04 12:00"}))
    trip = dict(_steps(html))["填寫派車申請"]
    assert (trip["出發時間"], trip["預定返回時間"]) == ("民國115年3月4日 08:30 臺北時間",
                                                  "民國115年3月4日 12:00 臺北時間")
