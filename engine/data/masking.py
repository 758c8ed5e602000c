"""Art. 170: a confidential petitioner's identity as staff pages and exports
show it. Only the intake office and the responsible officer see the name
and contact (engine/cases/queries.sees_identity); everywhere else (the
outbox, the audit trail, their exports) the stored text stays whole and is
masked on the way out, so a resend still reaches the real address.

One helper for the engine and the web layer: a leaf of engine.data."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .schema import petitioner

MASK = "***"
# Separators a phone number is written with (0987-654-321, (07) 331 2345).
_PHONE_GAP = r"[\s\-().]*"
_SHORTEST_NAME = 2   # a one-character "name" would mask every such character
# The petitioner's columns a query reads beside its rows (outer join on the case).
PERSON = ("name", "email", "phone", "address")


def mask_address(address: str | None) -> str:
    """'c***@example.tw' for an e-mail address (the domain still tells a
    mistyped one), MASK for anything else."""
    local, at, domain = (address or "").strip().partition("@")
    if not at or not local or not domain:
        return MASK
    return f"{local[0]}{MASK}@{domain}"


@dataclass(frozen=True)
class Identity:
    """What names one person: names and postal addresses (replaced whole),
    e-mail addresses (masked as mask_address does) and phone numbers
    (matched however they are written). Its repr shows none of them: it
    travels with what a viewer who may not see them is shown."""
    names: tuple[str, ...] = field(default=(), repr=False)
    emails: tuple[str, ...] = field(default=(), repr=False)
    phones: tuple[str, ...] = field(default=(), repr=False)

    @classmethod
    def of(cls, name=None, email=None, phone=None, address=None) -> "Identity":
        """From a petitioner row's values."""
        return cls(names=_given(name, address), emails=_given(email), phones=_given(phone))

    def also(self, *emails: str | None) -> "Identity":
        """With further addresses the person was written to (an outbox recipient)."""
        return replace(self, emails=_given(*self.emails, *emails))

    def redact(self, text: str | None) -> str | None:
        """`text` with this person's name, addresses, e-mails and phones masked."""
        if not text:
            return text
        for name in self.names:
            if len(name) >= _SHORTEST_NAME:
                text = re.sub(re.escape(name), MASK, text, flags=re.IGNORECASE)
        for email in self.emails:
            text = re.sub(re.escape(email), mask_address(email), text, flags=re.IGNORECASE)
        for phone in self.phones:
            pattern = _phone_pattern(phone)
            text = re.sub(pattern, MASK, text) if pattern else text
        return text


def person_columns() -> list:
    """The petitioner's columns for a query that outer-joins `petitioner` on its case."""
    return [petitioner.c[k].label(f"p_{k}") for k in PERSON]


def split_person(row) -> tuple[dict, Identity]:
    """A row read with person_columns: (its other values, the person's Identity)."""
    values = row._asdict()
    return values, Identity.of(**{k: values.pop(f"p_{k}") for k in PERSON})


def _given(*values: str | None) -> tuple[str, ...]:
    """The non-blank values, trimmed, longest first (a name inside an address
    is masked with the address)."""
    kept = {v.strip() for v in values if isinstance(v, str) and v.strip()}
    return tuple(sorted(kept, key=len, reverse=True))


def _phone_pattern(phone: str) -> str | None:
    """A phone number's digits with any separators between them; a leading 0
    may be written +886. None for fewer than 6 digits (no phone number)."""
    digits = re.sub(r"\D", "", phone.replace("+886", "0"))
    if len(digits) < 6:
        return None
    first = r"(?:0|\+886" + _PHONE_GAP + ")" if digits[0] == "0" else digits[0]
    rest = "".join(_PHONE_GAP + d for d in digits[1:])
    return r"(?<!\d)" + first + rest + r"(?!\d)"
