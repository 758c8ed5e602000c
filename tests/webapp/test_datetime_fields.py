"""Date-and-time fields read and show ROC dates with a Taipei time of day,
and keep the ISO form the engine and the reservations read."""
from __future__ import annotations

from datetime import datetime, timezone

from werkzeug.datastructures import MultiDict

from engine.models.meta import Field
from webapp import taskform
from webapp.datetime_fields import datetime_input, iso_datetime
from webapp.roc_dates import local_iso


def test_roc_date_and_time_is_stored_as_taipei_iso():
    assert iso_datetime("115/03/10 14:00") == "2026-03-10T14:00"
    assert iso_datetime("民國115年3月10日 9:05") == "2026-03-10T09:05"
    assert iso_datetime("2026-03-10T14:00") == "2026-03-10T14:00"


def test_text_that_is_no_date_and_time_goes_on_for_the_engine_to_refuse():
    for typed in ("115/03/10", "115/02/30 14:00", "115/03/10 25:00", "明天下午"):
        assert iso_datetime(typed) == typed


def test_submitted_datetime_field_is_iso():
    fields = [Field(name="starts_at", type="datetime")]
    assert taskform.submitted(fields, MultiDict({"starts_at": "115/03/10 14:00"})) == \
        {"starts_at": "2026-03-10T14:00"}


def test_a_utc_instant_is_stored_in_taipei_wall_clock_time():
    assert local_iso(datetime(2026, 3, 10, 6, 0, tzinfo=timezone.utc)) == "2026-03-10T14:00"


def test_stored_value_is_shown_in_roc_form(app):
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        assert datetime_input("2026-03-10T14:00") == "115/03/10 14:00"
        assert datetime_input("2026-03-10T06:00:00+00:00") == "115/03/10 14:00"
        assert datetime_input("115/03/10 1400") == "115/03/10 1400"   # as typed, beside its error
        assert datetime_input(None) == ""
