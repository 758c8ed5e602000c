"""The test-run's own keys in the sample data: `_petitioner` in the start
data (who the case is from) and `_wait_days` in a task's (days to let pass
first). A wrong one is refused as a field error the page words in the
analyst's language (webapp/form_errors.py), not as Python's own English.

The test-run's page asks them as fields in words (PETITIONER_FIELDS on the
start data, under 陳情人 as the counter's intake page asks them; WAIT_FIELD
on each round of a step), gathered into the keys here.
"""
from __future__ import annotations

import math

from engine.data.errors import InvalidData
from engine.models.forms import FieldError
from engine.models.meta import Field

PETITIONER_KEYS = ("name", "phone", "email", "address")   # the petitioner table's contact
# Who a test-run's case is from when the analyst says nobody.
PETITIONER = {"name": "測試陳情人", "email": "petitioner@example.invalid"}
PETITIONER_PREFIX = "_petitioner_"
PETITIONER_FIELDS = [
    Field("_petitioner_name", "text", maxlength=200, label_zh="姓名", label_en="Name"),
    Field("_petitioner_phone", "text", maxlength=50, label_zh="電話", label_en="Phone"),
    Field("_petitioner_email", "email", label_zh="電子郵件", label_en="E-mail"),
    Field("_petitioner_address", "text", maxlength=300, label_zh="地址", label_en="Address"),
]
WAIT_FIELD = Field("_wait_days", "decimal", min=0, max=3650, label_zh="等待日數（完成此步驟前）",
                   label_en="Days to wait before this step")


def own_sample(f: Field) -> str:
    """What the page first shows in one of the fields above: the default
    petitioner's contact; no wait."""
    return PETITIONER.get(f.name.removeprefix(PETITIONER_PREFIX), "") if f is not WAIT_FIELD else ""


def gathered(values: dict) -> dict:
    """`values` with the petitioner's fields as one `_petitioner` (none
    typed: none, so the run takes the default petitioner)."""
    out = {k: v for k, v in values.items() if not k.startswith(PETITIONER_PREFIX)}
    person = {k.removeprefix(PETITIONER_PREFIX): v for k, v in values.items()
              if k.startswith(PETITIONER_PREFIX) and v not in (None, "")}
    return {**out, "_petitioner": person} if person else out


def petitioner(given, default: dict) -> dict:
    """The `_petitioner` object of the start data, else `default`."""
    if not given:
        return dict(default)
    if not isinstance(given, dict):
        raise InvalidData("_petitioner must be an object",
                          {"_petitioner": FieldError("not an object", "not_json_object")})
    unknown = sorted(str(k) for k in given if k not in PETITIONER_KEYS)
    if unknown:
        raise InvalidData("_petitioner has unknown keys", {"_petitioner": FieldError(
            f"unknown keys: {', '.join(unknown)}", "unknown_keys",
            {"keys": ", ".join(unknown), "known": ", ".join(PETITIONER_KEYS)})})
    if not all(isinstance(v, str) or v is None for v in given.values()):
        raise InvalidData("_petitioner values must be text",
                          {"_petitioner": FieldError("not text", "not_text")})
    return dict(given)


def not_in_start(data: dict) -> None:
    """`_wait_days` lets days pass before a task is done: the start data has no
    task to wait before, so the key is refused there by what it is for, not
    as a bad name (engine/cases/variables.py refuses a leading underscore)."""
    if "_wait_days" in data:
        raise InvalidData("_wait_days belongs in a task's sample data", {"_wait_days": FieldError(
            "only in a task's sample data", "task_sample_key", {"name": "_wait_days"})})


def wait_days(given) -> float:
    """The `_wait_days` of a task's sample data as a number of days."""
    try:
        days = float(given)
        if isinstance(given, bool) or not math.isfinite(days):
            raise ValueError(given)
        return days
    except (TypeError, ValueError):
        raise InvalidData("_wait_days must be a number",
                          {"_wait_days": FieldError("not a number", "not_number")}) from None
