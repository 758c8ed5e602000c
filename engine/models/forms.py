"""Server-side validation of task form data against the fields a model declares."""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from engine.data.errors import InvalidData
from .meta import Field

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CASE_NUMBER = re.compile(r"^\d{2,3}-\d{6}$")
MAX_TEXT = 20000


def validate(fields: list[Field], data: dict, agencies: set[str]) -> dict:
    """Return the cleaned values; raise InvalidData naming each bad field."""
    if not isinstance(data, dict):
        raise InvalidData("form data must be an object", {"": "not an object"})
    declared = {f.name: f for f in fields}
    errors = {k: "not a field of this task" for k in data if k not in declared}
    clean = {}
    for f in fields:
        raw = data.get(f.name)
        if _empty(raw):
            if f.required:
                errors[f.name] = "required"
            continue
        try:
            clean[f.name] = _convert(f, raw, agencies)
        except ValueError as exc:
            errors[f.name] = str(exc)
    if errors:
        raise InvalidData("the form has invalid fields", errors)
    return clean


def _empty(raw) -> bool:
    return raw is None or (isinstance(raw, (str, list)) and len(raw) == 0)


def _convert(f: Field, raw, agencies):
    value = CONVERTERS[f.type](f, raw, agencies)
    _check_bounds(f, value)
    return value


def _text(f, raw, _):
    if not isinstance(raw, str):
        raise ValueError("must be text")
    limit = f.maxlength or MAX_TEXT
    if len(raw) > limit:
        raise ValueError(f"longer than {limit} characters")
    return raw.strip()


def _integer(f, raw, _):
    if isinstance(raw, bool):
        raise ValueError("must be a whole number")
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ValueError("must be a whole number") from None


def _decimal(f, raw, _):
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError("must be a number") from None
    if not value.is_finite():
        raise ValueError("must be a number")
    return float(value)


def _boolean(f, raw, _):
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("true", "1", "yes", "on", "y"):
        return True
    if text in ("false", "0", "no", "off", "n"):
        return False
    raise ValueError("must be yes or no")


def _date(f, raw, _):
    try:
        return date.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise ValueError("must be a date (YYYY-MM-DD)") from None


def _datetime(f, raw, _):
    try:
        return datetime.fromisoformat(str(raw).strip()).isoformat()
    except ValueError:
        raise ValueError("must be a date and time (ISO 8601)") from None


def _choice(f, raw, _):
    allowed = [c[0] for c in f.choices]
    if str(raw) not in allowed:
        raise ValueError(f"must be one of {', '.join(allowed)}")
    return str(raw)


def _multichoice(f, raw, agencies):
    items = raw if isinstance(raw, list) else [raw]
    return [_choice(f, item, agencies) for item in items]


def _email(f, raw, agencies):
    text = _text(f, raw, agencies)
    if not EMAIL.match(text):
        raise ValueError("must be an e-mail address")
    return text


def _agency(f, raw, agencies):
    if str(raw) not in agencies:
        raise ValueError(f"unknown agency '{raw}'")
    return str(raw)


def _agencies(f, raw, agencies):
    items = raw if isinstance(raw, list) else [s for s in str(raw).split(",") if s.strip()]
    return [_agency(f, item.strip(), agencies) for item in items]


def _case_number(f, raw, agencies):
    text = _text(f, raw, agencies)
    if not CASE_NUMBER.match(text):
        raise ValueError("must be a case number like 115-000123")
    return text


def _check_bounds(f: Field, value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if f.min is not None and value < f.min:
            raise ValueError(f"must be at least {f.min:g}")
        if f.max is not None and value > f.max:
            raise ValueError(f"must be at most {f.max:g}")


CONVERTERS = {
    "text": _text, "textarea": _text, "integer": _integer, "decimal": _decimal,
    "boolean": _boolean, "date": _date, "datetime": _datetime, "choice": _choice,
    "multichoice": _multichoice, "email": _email, "agency": _agency,
    "agencies": _agencies, "case_number": _case_number,
}
