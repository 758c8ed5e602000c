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
        for pattern in _name_patterns(self.names):
            text = re.sub(pattern, MASK, text, flags=re.IGNORECASE)
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


def _name_patterns(names: tuple[str, ...]) -> list[str]:
    """Each name and postal address as it is stored and as people write it
    (below), longest first: a whole address is masked before its street."""
    spelled = {s for name in names if len(name) >= _SHORTEST_NAME
               for s in (name, *_address_tails(name))}
    surnames = {_surname(name) for name in names} - {None}
    return [re.escape(s) for s in sorted(spelled, key=len, reverse=True)] + \
        [re.escape(s) + _HONORIFIC for s in sorted(surnames, key=len, reverse=True)]


# A letter or a reply says 黃女士 for 黃美玲: the surname with a form of address.
_HONORIFIC = "(?:先生|女士|小姐|太太)"
_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
# Where a Taiwanese address's city, district, village or neighbourhood ends:
# a text may leave them out (苓雅區中正一路100號 for 高雄市苓雅區中正一路100號).
_DIVISION_END = "市縣區鄉鎮里村鄰"
_STREET = re.compile(r"[路街道巷弄].*號")


def _surname(name: str) -> str | None:
    """A Chinese name's surname (two letters for a four-letter name: 歐陽)."""
    if not _CJK_NAME.fullmatch(name):
        return None
    return name[:2] if len(name) == 4 else name[:1]


def _address_tails(address: str) -> set[str]:
    """A postal address without its leading divisions, each still naming a
    street and a number, and each up to the number (without the floor)."""
    tails = {address[i + 1:] for i, c in enumerate(address) if c in _DIVISION_END}
    tails = {t for t in tails | {address} if _STREET.search(t)}
    return tails | {t[:t.index("號") + 1] for t in tails}


def _phone_pattern(phone: str) -> str | None:
    """A phone number's digits with any separators between them; a leading 0
    may be written +886. None for fewer than 6 digits (no phone number)."""
    digits = re.sub(r"\D", "", phone.replace("+886", "0"))
    if len(digits) < 6:
        return None
    first = r"(?:0|\+886" + _PHONE_GAP + ")" if digits[0] == "0" else digits[0]
    rest = "".join(_PHONE_GAP + d for d in digits[1:])
    return r"(?<!\d)" + first + rest + r"(?!\d)"
