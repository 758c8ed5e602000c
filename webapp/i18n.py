"""Languages and time display: zh-TW by default, English on request;
instants shown in Asia/Taipei, dates in the ROC calendar where officials
expect them (民國115年11月26日).

The message catalogues are .po files under webapp/translations (zh-TW
under zh_Hant_TW, the name Babel resolves zh_TW to); the .mo files are
compiled from them when missing or older, at app start, so neither
`make run` nor `make test` needs a separate compile step. To add strings:
pybabel extract -F webapp/babel.cfg -o /tmp/messages.pot . &&
pybabel update -i /tmp/messages.pot -d webapp/translations
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .roc_dates import INPUT_PATTERN, format_roc_date

LOCALES = ("zh_TW", "en")
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
TAIPEI = ZoneInfo("Asia/Taipei")
WEEKDAYS_ZH = "一二三四五六日"


def init_app(app: Flask) -> None:
    compile_catalogues()
    Babel(app, locale_selector=select_locale, timezone_selector=lambda: "Asia/Taipei")
    app.jinja_env.filters.update(roc_date=roc_date, local_dt=local_dt)
    app.jinja_env.filters["roc_dt_short"] = roc_dt_short   # tables: 115/03/02 09:00
    app.jinja_env.filters["roc_year"] = roc_year
    app.jinja_env.tests["before"] = is_before
    app.jinja_env.globals.update(current_locale=current_locale, LOCALES=LOCALES)
    # Dates as officials read and type them (see roc_dates.py for the parser).
    app.jinja_env.filters.update(taipei_dt=taipei_dt, date_input=date_input)
    from . import datetime_fields   # 115/03/10 14:00 date-and-time fields
    datetime_fields.init_app(app)
    app.jinja_env.globals.update(time_zone_name=time_zone_name, date_hint=date_hint,
                                 DATE_PATTERN=INPUT_PATTERN)


def current_locale() -> str:
    """'en' or 'zh_TW' (Babel itself spells the latter zh_Hant_TW)."""
    return "en" if str(get_locale()).startswith("en") else "zh_TW"


def select_locale() -> str:
    chosen = session.get("lang")
    if chosen in LOCALES:
        return chosen
    if getattr(current_user, "is_authenticated", False) and current_user.locale in LOCALES:
        return current_user.locale
    # An explicit English preference wins; everyone else gets zh-TW.
    best = request.accept_languages.best_match(["zh-TW", "zh", "en"]) if request else None
    return "en" if best == "en" else "zh_TW"


def compile_catalogues(root: Path = TRANSLATIONS) -> None:
    for po_path in root.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        # One temporary file per process: workers starting together after a
        # .po change would otherwise move each other's file away.
        tmp = mo_path.with_suffix(f".mo.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            write_mo(fh, catalog)
        tmp.replace(mo_path)  # atomic: workers starting together never read half a file


def _taipei(value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(TAIPEI)


def roc_date(value, locale: str | None = None) -> str:
    """民國115年11月26日 in Chinese, 2026-11-26 in English."""
    if isinstance(value, date) and not isinstance(value, datetime):
        day = value
    else:
        dt = _taipei(value)
        if dt is None:
            return ""
        day = dt.date()
    locale = locale or str(get_locale())
    if locale.startswith("en"):
        return day.isoformat()
    return f"民國{day.year - 1911}年{day.month}月{day.day}日"


def roc_year(year: int, locale: str | None = None) -> str:
    """民國115 in Chinese, 2026 in English."""
    locale = locale or str(get_locale())
    return str(year) if locale.startswith("en") else f"民國{year - 1911}"


def local_dt(value, locale: str | None = None) -> str:
    dt = _taipei(value)
    if dt is None:
        return ""
    return f"{roc_date(dt, locale)} {dt:%H:%M}"


def is_before(value, when: datetime) -> bool:
    """Jinja test `x is before(now)`; false for a missing instant."""
    dt = _taipei(value)
    return dt is not None and dt < when


def time_zone_name() -> str:
    """臺北時間: named wherever a time is shown (column headers, beside a time)."""
    return _("Taipei time")


def taipei_dt(value, locale: str | None = None) -> str:
    """local_dt with the zone named: 民國115年3月2日 17:00 臺北時間."""
    shown = local_dt(value, locale)
    return f"{shown} {time_zone_name()}" if shown else ""


def date_input(value) -> str:
    """A date as a date field shows it: 115/03/02 in Chinese, 2026-03-02 in English."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value   # what the person typed, shown again beside its error
    if current_locale() == "en":
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    return format_roc_date(value)


def date_hint() -> str:
    """What a date field's hint says (an example in the viewer's calendar)."""
    return _("e.g. 2026-03-02") if current_locale() == "en" else _("ROC date, e.g. 115/03/02")


def roc_dt_short(value, locale: str | None = None) -> str:
    """An instant in a table cell: 115/03/02 09:00 (2026-03-02 09:00 in English);
    the column header names the time zone."""
    dt = _taipei(value)
    if dt is None:
        return ""
    day = dt.date().isoformat() if (locale or str(get_locale())).startswith("en") \
        else f"{dt.year - 1911}/{dt.month:02d}/{dt.day:02d}"
    return f"{day} {dt:%H:%M}"
