"""Date-and-time form fields as officials read them: typed and shown as an ROC
date and a Taipei time of day ("115/03/10 14:00"), stored as ISO
("2026-03-10T14:00", Taipei wall-clock time) as the browser's own picker did."""
from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _

from .roc_dates import DATETIME_INPUT_PATTERN, TAIPEI, NotADate, format_roc_datetime, local_iso, \
    parse_roc_datetime


def init_app(app: Flask) -> None:
    app.jinja_env.filters["datetime_input"] = datetime_input
    app.jinja_env.globals.update(datetime_hint=datetime_hint,
                                 DATETIME_PATTERN=DATETIME_INPUT_PATTERN)


def iso_datetime(raw: str) -> str:
    """What a person typed (115/03/10 14:00, 2026-03-10T14:00) as stored;
    anything else goes on unchanged for the engine to refuse beside the field."""
    try:
        return local_iso(parse_roc_datetime(raw))
    except NotADate:
        return raw


def datetime_input(value) -> str:
    """A stored date and time as its input shows it: 115/03/10 14:00 in
    Chinese, 2026-03-10 14:00 in English; text that is no date and time is
    shown as typed (beside its error)."""
    if value in (None, ""):
        return ""
    when = value if isinstance(value, datetime) else stored_instant(str(value))
    if when is None:
        return str(value)
    if _english():
        return local_iso(when).replace("T", " ")
    return format_roc_datetime(when)


def stored_instant(text: str) -> datetime | None:
    """The instant in a stored ISO value (naive is Taipei time) or in text
    typed as ROC; None for anything else."""
    try:
        when = datetime.fromisoformat(text)
        return when if when.tzinfo else when.replace(tzinfo=TAIPEI)
    except ValueError:
        pass
    try:
        return parse_roc_datetime(text)
    except NotADate:
        return None


def datetime_hint() -> str:
    """What a date-and-time field's hint says (an example in the viewer's calendar)."""
    if _english():
        return _("e.g. 2026-03-10 14:00 (Taipei time)")
    return _("ROC date and time, e.g. 115/03/10 14:00 (Taipei time)")


def _english() -> bool:
    return str(get_locale() or "").startswith("en")
