"""The case panel's values as officials read them. A form's date and time is
stored as Taipei's wall clock without an offset (2026-03-10T14:00): the panel
shows it as typed, 14:00, not as if it were UTC (22:00)."""
from __future__ import annotations

from engine.models.meta import Field
from webapp.casepanel import shown_value

DEPARTURE = Field(name="trip_start", type="datetime", label_zh="出發時間", label_en="Departure")


def test_a_stored_date_and_time_is_taipeis_clock(app):
    with app.test_request_context():
        assert shown_value(DEPARTURE, "2026-03-10T14:00", "zh_TW") == "民國115年3月10日 14:00 臺北時間"
        assert shown_value(DEPARTURE, "2026-03-10T06:00:00+00:00", "zh_TW") == "民國115年3月10日 14:00 臺北時間"


def test_what_is_no_date_and_time_is_shown_as_typed(app):
    with app.test_request_context():
        assert shown_value(DEPARTURE, "明天早上", "zh_TW") == "明天早上"
