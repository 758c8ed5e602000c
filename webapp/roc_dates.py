"""Dates as Taiwanese officials write them: the ROC (民國) calendar, year 1
being 1912. Forms take "115/03/02" (also 115-3-2, 115.03.02, 民國115年3月2日)
and, for those who type it, a Gregorian ISO date; the API keeps ISO.

    parse_roc_date("115/03/02") == date(2026, 3, 2)
    format_roc_date(date(2026, 3, 2)) == "115/03/02"
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ROC_OFFSET = 1911
TAIPEI = ZoneInfo("Asia/Taipei")
# What a form's text input tells the browser (and the hint shows): 115/03/02 or 2026-03-02.
# (Slashes and dashes escaped: browsers compile the pattern with the `v` flag.)
INPUT_PATTERN = r"(民國)?\s*\d{2,3}\s*[\/.\-年]\s*\d{1,2}\s*[\/.\-月]\s*\d{1,2}\s*日?|\d{4}-\d{1,2}-\d{1,2}"
_ROC = re.compile(r"^(?:民國)?\s*(\d{1,3})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class NotADate(ValueError):
    """The text is no date this module reads (the web layer words the error)."""


def parse_roc_date(text: str | None) -> date | None:
    """The date in `text` (ROC or ISO), None for an empty text; NotADate otherwise."""
    text = (text or "").strip().replace("／", "/")
    if not text:
        return None
    iso = _ISO.match(text)
    found = iso or _ROC.match(text)
    if found is None:
        raise NotADate(text)
    year, month, day = (int(g) for g in found.groups())
    if not iso:
        year += ROC_OFFSET
    try:
        return date(year, month, day)
    except ValueError as exc:   # 115/02/30
        raise NotADate(text) from exc


def format_roc_date(value: date | datetime | None) -> str:
    """"115/03/02", the form an input shows; "" for None (a datetime in Taipei time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(TAIPEI).date() if value.tzinfo else value.date()
    return f"{value.year - ROC_OFFSET}/{value.month:02d}/{value.day:02d}"


def end_of_day(day: date) -> datetime:
    """The first instant after `day` ends in Taipei (a 'due by' bound)."""
    return datetime.combine(day + timedelta(days=1), time(0), TAIPEI)


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")


def parse_roc_datetime(text: str | None) -> datetime:
    """A date and a time of day in Taipei: "115/03/02 08:45" (or ISO
    "2026-03-02T08:45"); NotADate for anything else or a missing time."""
    parts = (text or "").strip().replace("T", " ").split()
    if len(parts) != 2 or not (clock := _TIME.match(parts[1])):
        raise NotADate(text or "")
    day = parse_roc_date(parts[0])
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if hour > 23 or minute > 59:
        raise NotADate(text or "")
    return datetime.combine(day, time(hour, minute), TAIPEI)


def format_roc_datetime(value: datetime) -> str:
    """"115/03/02 08:45" in Taipei time: what a date-and-time input shows."""
    local = value.astimezone(TAIPEI)
    return f"{format_roc_date(local)} {local:%H:%M}"


# A date-and-time input: the date as above, a space (or ISO's "T"), then HH:MM.
DATETIME_INPUT_PATTERN = (r"((民國)?\s*\d{2,3}\s*[\/.\-年]\s*\d{1,2}\s*[\/.\-月]\s*\d{1,2}\s*日?"
                          r"|\d{4}-\d{1,2}-\d{1,2})[\sT]+\d{1,2}:\d{2}")


def local_iso(value: datetime) -> str:
    """"2026-03-02T08:45": Taipei wall-clock time without an offset, the form a
    datetime field's value is stored in (the engine reads it as Taipei time)."""
    return value.astimezone(TAIPEI).replace(tzinfo=None).isoformat(timespec="minutes")
