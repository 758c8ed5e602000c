"""The test-run page as the analyst first gets it: 執行 pressed without
changing anything runs the model to its end, with the cars, drivers and
rooms the city keeps (the resource table), for the four models whose default
run used to stop (a trip and a booking ending when they began, naming no car
or room; a repair inspected by its repairer; another shop for ever)."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import lxml.html
import pytest
from werkzeug.datastructures import MultiDict

from engine.authoring import drafts
from engine.demo.bookings import load_resources
from engine.time.clock import TAIPEI

BPMN = Path(__file__).resolve().parents[2] / "bpmn"
ZH = {"Accept-Language": "zh-TW"}


def _sent(html: str) -> list[tuple[str, str]]:
    """What the browser sends for the test-run form as it stands."""
    form = next(f for f in lxml.html.fromstring(html).forms if "testrun-form" in f.get("class", ""))
    return list(form.form_values())


def _words(html: str, element_id: str) -> str:
    found = lxml.html.fromstring(html).get_element_by_id(element_id, None)
    return found.text_content().strip() if found is not None else ""


@pytest.mark.parametrize("key", ["vehicle_dispatch", "venue_booking", "facility_repair",
                                 "consumer_inspection"])
def test_run_pressed_without_a_change_reaches_the_end(app, db, clock, client_for, key):
    clock.set(datetime(2026, 3, 2, 15, 30, tzinfo=TAIPEI))   # 09:00 today is already past
    load_resources(db)
    with db.begin() as conn:
        drafts.save(conn, key, {f"{key}.bpmn": (BPMN / f"{key}.bpmn").read_bytes()}, "analyst",
                    clock.now())
    client = client_for("analyst")
    page = client.get(f"/models/{key}/test-run", headers=ZH).get_data(as_text=True)
    resp = client.post(f"/models/{key}/test-run", data=MultiDict(_sent(page)), headers=ZH)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html[:2000]
    assert _words(html, "run-status").startswith("案件已走到結束。"), _words(html, "run-error")
    assert "步數上限用盡" not in html and "測試 test" not in html


def test_a_run_waiting_for_a_date_says_which_and_how_to_go_on(app, db, clock, client_for):
    """The records audit waits for its visit day: no fault of the model, and
    the page says when the timer is due and that 推進時鐘 lets it pass."""
    files = {n: (BPMN / n).read_bytes() for n in ("records_audit.bpmn", "audit_grading.dmn")}
    with db.begin() as conn:
        drafts.save(conn, "records_audit", files, "analyst", clock.now())
    client = client_for("analyst")
    page = client.get("/models/records_audit/test-run", headers=ZH).get_data(as_text=True)
    html = client.post("/models/records_audit/test-run", data=MultiDict(_sent(page)),
                       headers=ZH).get_data(as_text=True)
    assert _words(html, "run-status").startswith("案件等待中")
    hint = _words(html, "run-waiting-hint")
    assert hint.startswith("案件在等候計時器到期（民國115年6月1日 09:00）"), hint
    assert "「沒有其他任務時推進時鐘以觸發計時器」後再執行" in hint, hint
    sent = _sent(page) + [("advance_timers", "1")]
    done = client.post("/models/records_audit/test-run", data=MultiDict(sent), headers=ZH)
    assert _words(done.get_data(as_text=True), "run-status").startswith("案件已走到結束。")
