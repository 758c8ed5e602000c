"""A form field's changed attributes on the comparison page, in words: a
confirmation box (confirm="true") taken off is listed and named."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import insert

from engine.data.schema import model_draft
from test_testrun_names import ZH, _section, _text
from webtest_support import petition_files

CONFIRMED = 'name="read_back_confirmed" type="boolean" required="true" confirm="true"'


def _draft_without_confirm(rt) -> None:
    files = {k: v.decode() for k, v in petition_files().items()}
    assert CONFIRMED in files["petition.bpmn"]
    files["petition.bpmn"] = files["petition.bpmn"].replace(CONFIRMED, CONFIRMED.replace(' confirm="true"', ""))
    now = datetime(2026, 3, 2, tzinfo=timezone.utc)
    with rt.db.begin() as conn:
        conn.execute(insert(model_draft).values(
            key="petition", name="宣讀不必勾選", files=json.dumps(files), base_version=1,
            created_by="analyst", created_at=now, updated_by="analyst", updated_at=now))


def test_a_confirmation_taken_off_is_listed_in_words(app, rt, client_for):
    _draft_without_confirm(rt)
    html = client_for("analyst").get("/models/petition/diff", headers=ZH).get_data(as_text=True)
    change = _text(_section(html, 'data-element="read_back">', "</section>"))
    assert "陳情人確認無誤" in change and "變更（須勾選確認）" in change, change
    assert "是／否；必填；須勾選確認；" in change   # the field before: a box that must be ticked
