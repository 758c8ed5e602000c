"""ROC dates as officials type and read them; 臺北時間 named beside a time."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest

from webapp.i18n import taipei_dt
from webapp.roc_dates import INPUT_PATTERN, NotADate, end_of_day, format_roc_date, parse_roc_date


@pytest.mark.parametrize("text", ["115/03/02", "115/3/2", "115-03-02", "115.03.02", "115／03／02",
                                  "民國115年3月2日", " 115 / 03 / 02 ", "2026-03-02"])
def test_roc_and_iso_dates_are_read(text):
    assert parse_roc_date(text) == date(2026, 3, 2)


def test_the_first_roc_years_and_the_empty_field():
    assert parse_roc_date("99/12/31") == date(2010, 12, 31)
    assert parse_roc_date("1/1/1") == date(1912, 1, 1)
    assert parse_roc_date("") is None and parse_roc_date(None) is None


@pytest.mark.parametrize("text", ["115/02/30", "03/02/2026", "next monday", "115/13/01", "2026/03"])
def test_what_is_no_date_is_refused(text):
    with pytest.raises(NotADate):
        parse_roc_date(text)


def test_formatting_round_trips_and_uses_taipei_for_instants():
    assert format_roc_date(date(2026, 3, 2)) == "115/03/02"
    assert parse_roc_date(format_roc_date(date(2011, 1, 9))) == date(2011, 1, 9)
    # 16:30 UTC on 1 March is already 2 March in Taipei.
    assert format_roc_date(datetime(2026, 3, 1, 16, 30, tzinfo=timezone.utc)) == "115/03/02"
    assert format_roc_date(None) == ""


def test_the_html_pattern_accepts_what_the_parser_reads():
    for text in ("115/03/02", "115-3-2", "民國115年3月2日", "2026-03-02"):
        assert re.fullmatch(INPUT_PATTERN, text)
    assert not re.fullmatch(INPUT_PATTERN, "03/02/2026")


def test_end_of_day_is_midnight_in_taipei():
    assert end_of_day(date(2026, 3, 2)) == datetime(2026, 3, 2, 16, 0, tzinfo=timezone.utc)


def test_times_name_taipei(app):
    instant = datetime(2026, 3, 2, 1, 5, tzinfo=timezone.utc)
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        assert taipei_dt(instant) == "民國115年3月2日 09:05 臺北時間"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert taipei_dt(instant) == "2026-03-02 09:05 Taipei time"
        assert taipei_dt(None) == ""


def test_date_fields_show_the_viewers_calendar(app):
    render = app.jinja_env.from_string("{{ d|date_input }}|{{ date_hint() }}").render
    with app.test_request_context(headers={"Accept-Language": "zh-TW"}):
        assert render(d=date(2026, 3, 2)) == "115/03/02|民國年/月/日，例：115/03/02"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert render(d="2026-03-02") == "2026-03-02|e.g. 2026-03-02"


def test_date_and_time_inputs_read_roc_and_iso():
    from datetime import datetime
    from engine.time.clock import TAIPEI
    from webapp.roc_dates import NotADate, format_roc_datetime, parse_roc_datetime
    want = datetime(2026, 3, 2, 8, 45, tzinfo=TAIPEI)
    for typed in ("115/03/02 08:45", "民國115年3月2日 8:45", "2026-03-02T08:45"):
        assert parse_roc_datetime(typed) == want
    assert format_roc_datetime(want) == "115/03/02 08:45"
    for bad in ("115/03/02", "115/03/02 25:00", "昨天 08:00", ""):
        with pytest.raises(NotADate):
            parse_roc_datetime(bad)
