"""Art. 170: a confidential petitioner's identity as staff pages and exports
show it. Only the intake office and the responsible officer see the name
and contact (engine/cases/queries.sees_identity); everywhere else (the
outbox, the audit trail, their exports) the stored text stays whole and is
masked on the way out, so a resend still reaches the real address.

One helper for the engine and the web layer: a leaf of engine.data."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

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
            text = pattern.sub(MASK, text)
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


@lru_cache(maxsize=256)
def _name_patterns(names: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """Each name and postal address as it is stored, then as people write it
    (below): an address first, with or without its divisions (a given name
    may be a street's: 中正), then a full name, a surname with a form of
    address and a given name alone. Built once per person (a list masks many
    rows of one)."""
    kept = sorted({n for n in names if len(n) >= _SHORTEST_NAME}, key=len, reverse=True)
    people = [n for n in kept if _surname(n)]   # (their full-name pattern holds them whole)
    spelled = [re.escape(n) for n in kept if n not in people]
    spelled += [a for a in map(_address_pattern, kept) if a]
    surnames = sorted({_surname(n) for n in people}, key=len, reverse=True)
    spelled += [_full_name(n) for n in people] + [re.escape(s) + _HONORIFIC for s in surnames]
    spelled += [g for g in (_given_name(n) for n in people) if g]
    return tuple(re.compile(s, re.IGNORECASE) for s in spelled)


# A letter or a reply says 黃女士 for 黃美玲: the surname with a form of address.
# It tells the person's sex, so it goes with a full name too (黃美玲女士); 君
# tells nothing and stays (黃美玲君 reads ***君).
_HONORIFIC = "(?:先生|女士|小姐|太太)"
_CJK = "\u4e00-\u9fff"
_CJK_NAME = re.compile(f"[{_CJK}]{{2,4}}")


def _surname(name: str) -> str | None:
    """A Chinese name's surname (two letters for a four-letter name: 歐陽)."""
    if not _CJK_NAME.fullmatch(name):
        return None
    return name[:2] if len(name) == 4 else name[:1]


def _full_name(name: str) -> str:
    """陳美玲, 陳 美玲, 陳美玲 女士 (the form of address masked with it)."""
    surname = _surname(name)
    given = re.escape(name[len(surname):])
    return re.escape(surname) + r"\s*" + given + r"(?:\s*" + _HONORIFIC + ")?"


# A given name is often a word or a street's name too (建國, 中正, 志明路...).
# Alone, it is masked unless a place's name goes on from it (中正一路, 建國國小);
# one of these everyday words only where it stands as a name: between
# non-Chinese characters (「建國，」, a line of its own) or before a form of
# address (建國先生). Masking every 和平 of a text would garble it and tell
# nothing; a one-letter given name (王明's 明) is never masked alone.
_COMMON_GIVEN = frozenset(
    "建國 中正 中山 中華 國華 民生 民族 民權 自強 和平 光明 光復 復興 文化 信義 "
    "仁愛 忠孝 博愛 成功 勝利 正義 大同 平安 如意 吉祥 富貴 美麗 世界 國慶 永康 新生 "
    "志明 明德 國泰 安平 長春 進步 文明".split())
_PLACE_GOES_ON = (f"(?![0-9０-９一二三四五六七八九十]*"
                  "(?:[路街道巷弄段區里村鄰橋站]|國小|國中|高中|公園|市場|大樓|社區))")


# Alone, the given name is the petitioner's; right after another surname it is
# part of another person's full name (林美玲 beside 王美玲's 美玲) and stays.
# (林*** garbles a colleague's or neighbour's name and points at the
# petitioner's given name.) Only a common surname written close up counts: a character that also ends a word
# put before a person (感謝, 照顧, 信賴, 也許, 連, 如何, 對方, 主任, 明白, 于)
# is not one, nor is 林 美玲 with a gap; there, unsure, the name is masked.
_OTHER_SURNAME = ("(?<![陳林黃張李王吳劉蔡楊鄭洪郭邱曾廖徐周葉蘇莊呂江蕭羅高潘簡朱鍾游"
                  "彭詹胡施沈余盧梁趙顏柯翁魏孫戴范宋鄧杜傅侯曹薛丁卓阮馬董温溫唐藍石蔣"
                  "古紀姚馮歐湯田康姜汪鄒巫鐘黎涂凃龔嚴韓袁金童陸夏柳邵錢伍倪譚駱熊甘秦"
                  "毛章雷俞粘饒])(?<!歐陽)(?<!諸葛)(?<!上官)(?<!司徒)")


def _given_name(name: str) -> str | None:
    given = name[len(_surname(name)):]
    if len(given) < _SHORTEST_NAME:
        return None
    alone = _OTHER_SURNAME + re.escape(given)
    if given in _COMMON_GIVEN:
        return f"(?<![{_CJK}]){re.escape(given)}(?![{_CJK}])|{alone}\\s*{_HONORIFIC}"
    return f"{alone}(?:\\s*{_HONORIFIC}|{_PLACE_GOES_ON})"


# A Taiwanese postal address: city, district, village, neighbourhood (each may
# be left out when written), the street and its number up to 號, the floor.
# A division does not run on into the next one or a street (新市區, not 新市).
_ADDRESS = re.compile(
    f"(?P<city>[{_CJK}]{{2}}[市縣](?![市縣區鄉鎮路街道巷弄段]))?"
    f"(?P<district>[{_CJK}]{{1,3}}?[區鄉鎮市](?![區鄉鎮市路街道巷弄段]))?"
    f"(?P<village>[{_CJK}]{{1,3}}?[里村](?![里村路街道巷弄段]))?"
    "(?P<lin>[0-9０-９一二三四五六七八九十]+鄰)?"
    "(?P<street>[^號]+?號)(?P<rest>.*)")
_STREET = re.compile("[路街道巷弄]")
_DIVISIONS = ("city", "district")
# The village and the neighbourhood are the divisions a text adds as often as
# it drops, and tell where the person lives: any written before the street is
# masked with it, stored or not. Without a district written before it, a
# village's name is taken as up to three letters, so a word just before it
# (住山仙里...) may go with the mask: more masked, never less.
_VILLAGE = f"(?:(?![市縣區鄉鎮里村])[{_CJK}]){{1,3}}?[里村]"
_LIN = "(?:[0-9０-９一二三四五六七八九十]+\\s*鄰\\s*)?"
# After 號: 之2 or -2, and a floor however written (5樓, 五樓之1, 5F): any floor
# of the building is masked with it.
_UNIT = ("(?:[之\\-－][0-9０-９]+)?"
         "(?:\\s*[0-9０-９一二三四五六七八九十]+(?:樓|[FfＦ])(?:之[0-9０-９]+)?)?")


def _address_pattern(address: str) -> str | None:
    """A postal address as a text may write it: any of its divisions left
    out (苓雅區中正一路100號 for 高雄市苓雅區山仙里中正一路100號5樓), digits
    of either width, the whole span masked. None for no street and number
    (a number alone would mask every 100號)."""
    found = _ADDRESS.fullmatch(re.sub(r"\s+", "", address))
    if not found or not _STREET.search(found["street"]):
        return None
    divisions = "".join(f"(?:{_spelled(found[k])}\\s*)?" for k in _DIVISIONS if found[k])
    return divisions + _village(found["village"]) + _LIN + _spelled(found["street"]) + _UNIT


def _village(stored: str | None) -> str:
    """Any village: the stored one as written, or another not ending in it (a
    search takes the first place that matches: 住山仙里 is no village)."""
    if not stored:
        return f"(?:{_VILLAGE}\\s*)?"
    own = _spelled(stored)
    return f"(?:(?:{own}|(?![{_CJK}]{{0,2}}{own}){_VILLAGE})\\s*)?"


_NUMERALS = "一二三四五六七八九"
# The same letter as written otherwise: digits of either width, 之 as a dash,
# 臺 as 台.
_SAME = {**{d: f"[{d}{chr(ord(d) + 0xFEE0)}]" for d in "0123456789"},
         **{chr(ord(d) + 0xFEE0): f"[{d}{chr(ord(d) + 0xFEE0)}]" for d in "0123456789"},
         **dict.fromkeys("之-－", "[之\\-－]"), **dict.fromkeys("臺台", "[臺台]")}


def _spelled(text: str) -> str:
    """`text` as a pattern matching it however its digits are written; a
    road's section in either numerals (中山路5段, 中山路五段)."""
    out = []
    for i, c in enumerate(text):
        section = text[i + 1:i + 2] == "段" and (c in _NUMERALS or c in "123456789１２３４５６７８９")
        out.append(_section(c) if section else _SAME.get(c, re.escape(c)))
    return "".join(out)


def _section(c: str) -> str:
    digit = str(_NUMERALS.index(c) + 1) if c in _NUMERALS else str(int(c))
    return f"[{digit}{chr(ord(digit) + 0xFEE0)}{_NUMERALS[int(digit) - 1]}]"


def _phone_pattern(phone: str) -> str | None:
    """A phone number's digits with any separators between them; a leading 0
    may be written +886. None for fewer than 6 digits (no phone number)."""
    digits = re.sub(r"\D", "", phone.replace("+886", "0"))
    if len(digits) < 6:
        return None
    first = r"(?:0|\+886" + _PHONE_GAP + ")" if digits[0] == "0" else digits[0]
    rest = "".join(_PHONE_GAP + d for d in digits[1:])
    return r"(?<!\d)" + first + rest + r"(?!\d)"
