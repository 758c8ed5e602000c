"""A petitioner's contact as the same-petitioner match compares it
(queries.same_petitioner): the phone number's digits only (+886 read as 0),
the e-mail address trimmed and in lower case. The petitioner row keeps both
keys and its case's received instant, written with the contact, so the
match seeks its index (key, received_at) (migration 0022) instead of reading
every petitioner of the 90 days."""
from __future__ import annotations

from datetime import datetime

# How a phone number is written varies (0911-222-333, (07) 331 2345, +886 911...).
PHONE_STEPS = (("+886", "0"), ("-", ""), (" ", ""), ("(", ""), (")", ""), (".", ""))


def normal_phone(text: str | None) -> str:
    for old, new in PHONE_STEPS:
        text = (text or "").replace(old, new)
    return text if len(text) >= 6 and text.isdigit() else ""


def normal_email(text: str | None) -> str:
    text = (text or "").strip().lower()
    return text if "@" in text else ""


def keys(phone: str | None, email: str | None) -> dict:
    """The stored keys of a contact; None (not matched, not indexed usefully) for none."""
    return {"phone_key": normal_phone(phone) or None, "email_key": normal_email(email) or None}


def row(case_id: int, received_at: datetime, info: dict) -> dict:
    """The petitioner row's values: `info` (name, phone, e-mail...) with its keys."""
    return {**info, **keys(info.get("phone"), info.get("email")),
            "case_id": case_id, "received_at": received_at}
