"""A field's sample value for a test-run (`example="..."`): what the model
says a sensible answer is, where the test-run's general rules
(engine/authoring/sample.py) would pick one that stops the run: a loop's
"another shop?" answered no, a booking's end after its start, the car a
trip is given.

Written as the form takes it: a choice's value, true or false, a number,
text, codes separated by spaces for a multiple choice or several agencies.
A date is a day relative to the day the test-run's case is received, so the
model never dates itself: `today`, `today+1`, `today-3`, or YYYY-MM-DD;
a date and time adds the time of day: `today+1 12:00` (09:00 when left out).
A year of the Republic (民國) is `roc_year` (the year the case is received),
`roc_year-1`: checked against the field's min/max by the run, on its day.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .attribute_words import FIELD_ZH

# `f`: a meta.Field (meta.py imports this module, so it is not imported here).
_DAY = re.compile(r"^(?:today(?:([+-])(\d{1,4}))?|(\d{4}-\d{2}-\d{2}))(?: (\d{2}):(\d{2}))?$")
_YEAR = re.compile(r"^roc_year(?:([+-])(\d{1,3}))?$")
_LISTS = ("multichoice", "agencies")
ROC_OFFSET = 1911
DEFAULT_TIME = "09:00"


class BadExample(ValueError):
    """An example that does not fit its field: (English, zh-TW)."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en, self.zh = en, zh


def value(f, received_day: str):
    """The example of `f` as the engine stores the field's answer, on a run
    received on `received_day` (YYYY-MM-DD); None without one. BadExample
    when it does not fit (validation refuses such a model first)."""
    if f.example is None:
        return None
    text = f.example.strip()
    if f.type in ("date", "datetime"):
        return _dated(f, text, received_day)
    if f.type == "boolean":
        return _yes_no(f, text)
    if f.type == "integer" and (year := _YEAR.match(text)):
        return _roc_year(year, received_day)
    if f.type in ("integer", "decimal"):
        return _number(f, text)
    if f.type in _LISTS:
        return _listed(f, text.split())
    if f.choices:
        return _listed(f, [text])[0]
    if f.maxlength and len(text) > f.maxlength:
        raise _bad(f, f"is longer than maxlength {f.maxlength}", f"超過最大長度 {f.maxlength} 字")
    return text


def problems(f):
    """(English, zh-TW) for an example that does not fit its field."""
    try:
        value(f, "2000-01-01")   # any day: it only moves a relative date
    except BadExample as err:
        yield err.en, err.zh


def _dated(f, text: str, received_day: str) -> str:
    m = _DAY.match(text)
    if not m or (f.type == "date" and m.group(4)):
        raise _bad(f, "is no day: write today, today+N, today-N or YYYY-MM-DD"
                   + (", then the time HH:MM" if f.type == "datetime" else ""),
                   "不是日期：請寫 today、today+N、today-N 或 YYYY-MM-DD"
                   + ("，其後可加時間 HH:MM" if f.type == "datetime" else ""))
    sign, days, fixed, hh, mm = m.groups()
    try:
        day = date.fromisoformat(fixed) if fixed else date.fromisoformat(received_day)
        day += timedelta(days=int(days or 0) * (-1 if sign == "-" else 1))
        hour, minute = int(hh or DEFAULT_TIME[:2]), int(mm or DEFAULT_TIME[3:])
        if hour > 23 or minute > 59:
            raise ValueError(text)
    except (ValueError, OverflowError):
        raise _bad(f, "is no real day or time", "不是存在的日期或時間") from None
    if f.type == "date":
        return day.isoformat()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00"


def _yes_no(f, text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise _bad(f, "must be true or false", "須為 true（是）或 false（否）")
    if f.confirm and text.lower() == "false":   # the step is never done unticked
        raise _bad(f, "of a box that must be ticked cannot be false", "是須勾選確認的欄位，不可為 false")
    return text.lower() == "true"


def _roc_year(m, received_day: str) -> int:
    """The ROC year of the day received, moved by the example's +N / -N."""
    sign, years = m.groups()
    shift = int(years or 0) * (-1 if sign == "-" else 1)
    return int(received_day[:4]) - ROC_OFFSET + shift


def _number(f, text: str):
    try:
        number = int(text) if f.type == "integer" else float(text)
    except ValueError:
        raise _bad(f, f"is no {f.type}", "須為整數" if f.type == "integer" else "須為數字") from None
    low, high = (b if isinstance(b, (int, float)) else None for b in (f.min, f.max))
    if (low is not None and number < low) or (high is not None and number > high):
        raise _bad(f, "is outside min/max", f"超出{FIELD_ZH['min']}或{FIELD_ZH['max']}")
    return number


def _listed(f, values: list[str]) -> list[str]:
    known = [c[0] for c in f.choices]
    wrong = [v for v in values if known and v not in known]
    if wrong or not values:
        raise _bad(f, f"names no choice of the field: '{' '.join(wrong)}'",
                   f"不是此欄位的選項：「{' '.join(wrong)}」")
    return values


def _bad(f, en: str, zh: str) -> BadExample:
    words = f"「{FIELD_ZH['example']}」"
    return BadExample(f"field '{f.name}': example '{f.example}' {en}",
                      f"欄位「{f.name}」的{words}「{f.example}」{zh}")
