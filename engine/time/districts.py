"""Kaohsiung's 38 districts (行政區), from bpmn/reference/districts.json.

A typhoon closure (停班) may be announced for named districts only; an agency
is closed when the district it sits in is (agency.district). A closure keeps
its districts as a sorted comma-separated list of codes (`encode`), null for
the whole city. People name a district by its code (LINGYA), its zh-TW name
(苓雅區, or 苓雅) or its English name; `resolve` accepts all of them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

REFERENCE = Path(__file__).resolve().parents[2] / "bpmn" / "reference" / "districts.json"


@dataclass(frozen=True)
class District:
    code: str
    name_zh: str
    name_en: str


class UnknownDistrict(ValueError):
    """A name or code that is none of Kaohsiung's districts."""

    def __init__(self, value: str):
        super().__init__(f"unknown district: {value!r}")
        self.value = value


@lru_cache(maxsize=1)
def all_districts() -> tuple[District, ...]:
    """In the file's order (the city's own listing, the old city first)."""
    rows = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return tuple(District(r["code"], r["name_zh"], r["name_en"]) for r in rows)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Every accepted spelling (folded) -> code."""
    names = {}
    for d in all_districts():
        for spelling in (d.code, d.name_zh, d.name_zh.removesuffix("區"),
                         d.name_en, d.name_en.removesuffix(" District")):
            names[spelling.casefold()] = d.code
    return names


def by_code() -> dict[str, District]:
    return {d.code: d for d in all_districts()}


def resolve(value: str) -> str:
    """The code of the district `value` names, else UnknownDistrict."""
    code = _names().get((value or "").strip().casefold())
    if code is None:
        raise UnknownDistrict(value)
    return code


def encode(codes: Iterable[str] | None) -> str | None:
    """The stored form: sorted codes joined by commas; None (whole city) for none."""
    known = by_code()
    chosen = sorted(set(codes or ()))
    for code in chosen:
        if code not in known:
            raise UnknownDistrict(code)
    return ",".join(chosen) or None


def decode(text: str | None) -> frozenset[str] | None:
    """The codes of a stored list; None for the whole city."""
    return frozenset(text.split(",")) if text else None
