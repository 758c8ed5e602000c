"""Server-side validation of task form data against the fields a model declares.

Each error is a FieldError: English text (what the API returns) that also
carries a code and parameters, so the web layer can say it in the viewer's
language (webapp/form_errors.py) while the engine stays free of Flask.
A decision (a boolean with decision="true") has no default answer: missing,
it is refused with code "no_decision". A confirmation (a boolean with
confirm="true", an attestation such as 陳情人確認無誤) must be ticked: False or
missing, it is refused with code "not_confirmed". Conditional fields (conditions.py) apply only when their condition holds on
the other values; a field that does not apply is not required and its value
is dropped.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from engine.data.errors import InvalidData
from engine.time.clock import TAIPEI, current_now
from . import conditions
from .meta import Field

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CASE_NUMBER = re.compile(r"^\d{2,3}-\d{6}$")
MAX_TEXT = 20000


class FieldError(str):
    """The English text of one field's error, with its `code` and `params`."""

    def __new__(cls, text: str, code: str = "invalid", params: dict | None = None):
        obj = super().__new__(cls, text)
        obj.code = code
        obj.params = dict(params or {})
        return obj

    def __getnewargs__(self):
        return str(self), self.code, self.params


class BadValue(ValueError):
    def __init__(self, code: str, text: str, **params):
        super().__init__(text)
        self.error = FieldError(text, code, params)


def validate(fields: list[Field], data: dict, agencies: set[str]) -> dict:
    """Return the cleaned values; raise InvalidData naming each bad field."""
    if not isinstance(data, dict):
        raise InvalidData("form data must be an object",
                          {"": FieldError("not an object", "not_object")})
    declared = {f.name for f in fields}
    errors = {k: FieldError("not a field of this task", "not_a_field") for k in data if k not in declared}
    clean, bad = _convert_all(fields, data, agencies)
    live = conditions.applying(fields, clean)
    for f in fields:
        if f.name not in live:
            clean.pop(f.name, None)   # its condition does not hold: not stored
        elif f.name in bad:
            errors[f.name] = bad[f.name]
        elif f.confirm and clean.get(f.name) is not True:   # unticked is False, not an answer
            errors[f.name] = FieldError("tick it to confirm", "not_confirmed")
        elif (f.required or f.decision) and f.name not in clean:
            errors[f.name] = _missing(f)
    if errors:
        raise InvalidData("the form has invalid fields", errors)
    return clean


def _missing(f: Field) -> FieldError:
    """A decision left unanswered names its two answers; anything else is 'required'."""
    if not f.decision:
        return FieldError("required", "required")
    yes, no = f.answer_word(True, "en"), f.answer_word(False, "en")
    return FieldError(f"choose '{yes}' or '{no}'", "no_decision",
                      {"yes_zh": f.answer_word(True, "zh"), "no_zh": f.answer_word(False, "zh"),
                       "yes_en": yes, "no_en": no})


def _convert_all(fields, data, agencies) -> tuple[dict, dict]:
    """Every non-empty value converted, and the errors of those that failed."""
    clean, bad = {}, {}
    for f in fields:
        raw = data.get(f.name)
        if _empty(raw):
            continue
        try:
            value = _convert(f, raw, agencies)
        except BadValue as exc:
            bad[f.name] = exc.error
            continue
        if not _empty(value):   # blanks only count as nothing: no empty reply passes
            clean[f.name] = value
    return clean, bad


def _empty(raw) -> bool:
    return raw is None or (isinstance(raw, (str, list)) and len(raw) == 0)


def _convert(f: Field, raw, agencies):
    value = CONVERTERS[f.type](f, raw, agencies)
    _check_bounds(f, value)
    return value


def _text(f, raw, _):
    if not isinstance(raw, str):
        raise BadValue("not_text", "must be text")
    limit = f.maxlength or MAX_TEXT
    if len(raw) > limit:
        raise BadValue("too_long", f"longer than {limit} characters", limit=limit)
    return raw.strip()


def _integer(f, raw, _):
    if isinstance(raw, bool):
        raise BadValue("not_integer", "must be a whole number")
    try:
        return int(str(raw).strip())
    except ValueError:
        raise BadValue("not_integer", "must be a whole number") from None


def _decimal(f, raw, _):
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise BadValue("not_number", "must be a number") from None
    if not value.is_finite():
        raise BadValue("not_number", "must be a number")
    return float(value)


def _boolean(f, raw, _):
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("true", "1", "yes", "on", "y"):
        return True
    if text in ("false", "0", "no", "off", "n"):
        return False
    raise BadValue("not_boolean", "must be yes or no")


def _date(f, raw, _):
    try:
        value = date.fromisoformat(str(raw).strip())
    except ValueError:
        raise BadValue("not_date", "must be a date (YYYY-MM-DD)") from None
    _check_day(f, value)
    return value.isoformat()


def _datetime(f, raw, _):
    try:
        value = datetime.fromisoformat(str(raw).strip())
    except ValueError:
        raise BadValue("not_datetime", "must be a date and time (ISO 8601)") from None
    # A naive time is Taipei time, as the forms read it.
    _check_day(f, value.astimezone(TAIPEI).date() if value.tzinfo else value.date())
    return value.isoformat()


def _check_day(f: Field, day: date) -> None:
    """A date field's `min`/`max`: `today` or a YYYY-MM-DD date. Today is the
    active clock's day (a command's, or the one a web request activates for
    all its forms) in Asia/Taipei, so a session held "today" in Kaohsiung
    is never refused (nor tomorrow's accepted) on UTC's date."""
    earliest, latest = _day_bound(f.min), _day_bound(f.max)
    if earliest and day < earliest:
        raise BadValue("date_too_early", f"must be on or after {earliest.isoformat()}",
                       min=earliest.isoformat())
    if latest and day > latest:
        raise BadValue("date_too_late", f"must be on or before {latest.isoformat()}",
                       max=latest.isoformat())


def _day_bound(bound) -> date | None:
    if not isinstance(bound, str):
        return None   # numbers bound numbers only (meta.py refuses them on dates)
    if bound == "today":
        return current_now().astimezone(TAIPEI).date()
    return date.fromisoformat(bound)


def _choice(f, raw, _):
    if f.resource and not f.choices:   # offered per case; the reservation checks the code
        return str(raw).strip()
    allowed = [c[0] for c in f.choices]
    if str(raw) not in allowed:
        raise BadValue("not_choice", f"must be one of {', '.join(allowed)}", allowed=allowed)
    return str(raw)


def _multichoice(f, raw, agencies):
    items = raw if isinstance(raw, list) else [raw]
    return [_choice(f, item, agencies) for item in items]


def _email(f, raw, agencies):
    text = _text(f, raw, agencies)
    if not EMAIL.match(text):
        raise BadValue("not_email", "must be an e-mail address")
    return text


def _agency(f, raw, agencies):
    if str(raw) not in agencies:
        raise BadValue("unknown_agency", f"unknown agency '{raw}'", agency=str(raw))
    return str(raw)


def _agencies(f, raw, agencies):
    items = raw if isinstance(raw, list) else [s for s in str(raw).split(",") if s.strip()]
    return [_agency(f, item.strip(), agencies) for item in items]


def _case_number(f, raw, agencies):
    text = _text(f, raw, agencies)
    if not CASE_NUMBER.match(text):
        raise BadValue("not_case_number", "must be a case number like 115-000123")
    return text


def _check_bounds(f: Field, value):
    if isinstance(value, (int, float)) and not isinstance(value, bool) \
            and not isinstance(f.min, str) and not isinstance(f.max, str):
        if f.min is not None and value < f.min:
            raise BadValue("too_small", f"must be at least {f.min:g}", min=f"{f.min:g}")
        if f.max is not None and value > f.max:
            raise BadValue("too_large", f"must be at most {f.max:g}", max=f"{f.max:g}")


CONVERTERS = {
    "text": _text, "textarea": _text, "integer": _integer, "decimal": _decimal,
    "boolean": _boolean, "date": _date, "datetime": _datetime, "choice": _choice,
    "multichoice": _multichoice, "email": _email, "agency": _agency,
    "agencies": _agencies, "case_number": _case_number,
}
