"""A mistyped date (115/13/45, 昨天) is said to be unreadable, with the format
to use, beside its field: never the empty box's 請填寫 wording. On the
clerk's intake form (收件日期時間) and on every model form's date fields
(webapp/form_errors.py: not_date, not_datetime), in zh-TW and English."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from engine.data.schema import case
from engine.models.forms import FieldError
from webapp import form_errors

COUNTER = {"channel": "phone", "subject": "側溝堵塞", "content": "中正路側溝堵塞",
           "category": "drainage", "district": "D-GUSHAN", "language": "zh_TW",
           "art173_ground": "none", "person_name": "陳大文", "person_phone": "0911222333"}


def _received_error(client, typed: str) -> str:
    resp = client.post("/intake/new", data={**COUNTER, "received_at": typed})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert f'value="{typed}"' in page   # shown again as typed, to correct
    return re.search(r'<p class="field-error" id="received_at-err">(.*?)</p>', page, re.S).group(1)


@pytest.mark.parametrize("typed", ["115/13/45", "昨天", "115/02/30 08:45", "115/03/02 25:00"])
def test_an_unreadable_received_date_says_so_with_the_format(client_for, db, typed):
    said = _received_error(client_for("clerk"), typed)
    assert said == "無法辨識收件日期時間，請輸入正確的日期與時間，例如：115/03/02 08:45。"
    assert "請填寫" not in said
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None


def test_a_day_without_its_time_asks_for_the_time(client_for):
    assert _received_error(client_for("clerk"), "115/03/02") == "請加上收件時間，例如：115/03/02 08:45。"


def test_an_empty_received_date_asks_for_it(client_for):
    assert _received_error(client_for("clerk"), "").startswith("請填寫收件日期與時間")


def test_an_english_clerk_reads_it_in_english(client_for):
    clerk = client_for("clerk")
    clerk.post("/lang/en", data={"next": "/intake/new"})
    said = _received_error(clerk, "115/13/45")
    assert said == "The date and time received could not be read: enter them like 115/03/02 08:45."


NOT_DATE = FieldError("must be a date (YYYY-MM-DD)", "not_date")
NOT_DATETIME = FieldError("must be a date and time (ISO 8601)", "not_datetime")


def test_a_model_forms_unreadable_date_shows_the_format_in_the_viewers_calendar(app):
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        assert form_errors.field_error(NOT_DATE) == "無法辨識此日期，請輸入正確的日期，例如 115/03/02。"
        assert form_errors.field_error(NOT_DATETIME) == \
            "無法辨識此日期與時間，請輸入正確的日期與時間，例如 115/03/02 08:45。"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert form_errors.field_error(NOT_DATE) == \
            "The date could not be read: enter a valid date, e.g. 2026-03-02."
        assert form_errors.field_error(NOT_DATETIME) == \
            "The date and time could not be read: enter them like 2026-03-02 08:45."


def test_a_received_time_in_the_future_is_refused_in_chinese_with_the_other_fields(client_for, db):
    """A mistyped year or month (115/03/05 for 115/03/02): the clerk reads it
    in Chinese beside the date, on the first press with the empty fields, and
    no case is made (the engine's English "in the future" never shows)."""
    resp = client_for("clerk").post("/intake/new", data={**COUNTER, "subject": "",
                                                         "received_at": "115/03/05 09:00"})
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    said = re.search(r'<p class="field-error" id="received_at-err">(.*?)</p>', page, re.S).group(1)
    assert said == "收件時間不可晚於現在（115/03/02 09:00），請確認日期與時間。"
    assert 'id="f-subject-err"' in page and "in the future" not in page
    with db.connect() as conn:
        assert conn.execute(select(case)).first() is None


def test_a_received_time_a_few_minutes_ahead_is_taken(client_for):
    """The counter's clock and the server's differ by a minute or two."""
    resp = client_for("clerk").post("/intake/new", data={**COUNTER, "received_at": "115/03/02 09:03"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/intake/receipt")
