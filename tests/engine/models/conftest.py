"""Fixtures of the model tests: the shipped petition model, changed for a test."""
from __future__ import annotations

from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[3] / "bpmn"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _replaced(text: str, pairs) -> str:
    for old, new in zip(pairs[::2], pairs[1::2]):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.fixture
def petition():
    """petition(old, new, ...) -> the shipped petition files with each `old`
    text of petition.bpmn replaced once by the `new` after it."""
    def files(*pairs: str) -> dict[str, bytes]:
        bpmn = _replaced((SHIPPED / "petition.bpmn").read_text(encoding="utf-8"), pairs)
        return {"petition.bpmn": bpmn.encode(), "petition_routing.dmn": (SHIPPED / "petition_routing.dmn").read_bytes()}
    return files


@pytest.fixture
def mini():
    """mini(old, new, ...) -> the small test petition (fixtures/good_petition.bpmn),
    changed likewise: register, a script, reply with a reminder, two end events."""
    def files(*pairs: str) -> dict[str, bytes]:
        return {"petition.bpmn": _replaced((FIXTURES / "good_petition.bpmn").read_text(), pairs).encode()}
    return files


@pytest.fixture
def shipped_models() -> dict[str, dict[str, bytes]]:
    """Each shipped BPMN file with every shipped file beside it (calls and decisions)."""
    every = {p.name: p.read_bytes() for p in SHIPPED.iterdir() if p.suffix in (".bpmn", ".dmn")}
    return {name: every for name in sorted(every) if name.endswith(".bpmn")}
