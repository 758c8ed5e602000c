"""The order officials read the city's agencies in, wherever a page lists
them (every agency select, the administrator's table, the report's tables,
the board's ties): the order of bpmn/reference/agencies.json, the city's own
listing (the city government, its bureaus and commissions, the offices
under them, the 38 district offices in the city's order of its districts).
Neither by code nor by the code points of a name, which mean nothing to an
official. An agency the file does not list (one an administrator added)
follows them, by name; a row of no agency comes last."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parents[2] / "bpmn" / "reference" / "agencies.json"


@lru_cache(maxsize=1)
def places() -> dict[str, int]:
    """{agency code: its place in the city's listing}."""
    rows = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return {row["code"]: place for place, row in enumerate(rows)}


def key(code: str | None, name: str | None = None) -> tuple:
    """The sort key of agency `code` (`name`: its name, for one not listed)."""
    listed = places()
    if not code:
        return (len(listed) + 1, "", "")
    return (listed.get(code, len(listed)), name or "", code)


def ordered(codes: Iterable[str], name: Callable[[str], str] | None = None) -> list[str]:
    """Agency codes in the city's order (`name`: an agency's name by its
    code, for those the listing lacks)."""
    return sorted(codes, key=lambda code: key(code, name(code) if name and code else None))
