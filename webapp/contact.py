"""How a petitioner can be reached: an e-mail address or a Taiwan phone
number, checked before a petition is accepted (a reply that cannot be
delivered helps nobody).

    is_email("li@example.tw") and not is_email("not-an-email")
    is_taiwan_phone("0912-345-678") and is_taiwan_phone("07-3373-000")
"""
from __future__ import annotations

import re

# One @, a dot in the domain, no spaces; RFC 5321 caps an address at 254.
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
# Mobile 09xx-xxx-xxx; landline: area code 02-08(x) and a 6-8 digit number.
_MOBILE = re.compile(r"^09\d{8}$")
_LANDLINE = re.compile(r"^0[2-8]\d{7,8}$")
# Separators people type: 07-3373-000, (07) 337 3000, 07.3373000.
_SEPARATORS = re.compile(r"[\s\-().]")
# An extension after the number: "#123", "ext 123", "分機123", "轉123".
_EXTENSION = re.compile(r"(?:#|ext\.?|x|分機|轉)\s*\d{1,6}$", re.IGNORECASE)


def is_email(text: str) -> bool:
    text = (text or "").strip()
    return len(text) <= 254 and ".." not in text and bool(_EMAIL.match(text))


def is_taiwan_phone(text: str) -> bool:
    """A Taiwan mobile or landline number, also written +886 7 337 3000."""
    digits = _EXTENSION.sub("", (text or "").strip())
    digits = _SEPARATORS.sub("", digits)
    if digits.startswith("+886"):
        digits = "0" + digits[4:].lstrip("0")
    return bool(_MOBILE.match(digits) or _LANDLINE.match(digits))
