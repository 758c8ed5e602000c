"""The cars, drivers and rooms a test-run's resource fields may book: the
ones in service. A model's example names one (RBK-2101); when the office has
retired it, the run books the first one in service instead, so a shipped
model never stops on "no resource … in service" for a car that is gone.
A kind with none in service keeps no sample: the page says so beside the
field (webapp/sample_sheet.py) and the run stops only if it gets there.
"""
from __future__ import annotations

from dataclasses import replace

from engine.models.meta import Field


def in_service(rows: list[dict], kind: str) -> list[dict]:
    """The resources of `kind` in service, as the table lists them."""
    return [r for r in rows if r.get("kind") == kind and r.get("active", True)]


def fitted(fields: list[Field], rows: list[dict] | None) -> list[Field]:
    """`fields` with each resource field offering the ones in service as its
    choices and its example one of them; `rows` None: as the model says."""
    if rows is None or not any(f.resource for f in fields):
        return fields
    return [_fitted(f, in_service(rows, f.resource)) if f.resource else f for f in fields]


def _fitted(f: Field, rows: list[dict]) -> Field:
    choices = [[r["code"], _label(r, "name_zh"), _label(r, "name_en")] for r in rows]
    codes = [c[0] for c in choices]
    example = f.example if f.example in codes else (codes[0] if codes else None)
    return replace(f, choices=choices, example=example)


def _label(row: dict, key: str) -> str:
    """A car by its plate and name; a driver or a room by name."""
    name = row.get(key) or row.get("name_zh") or row["code"]
    return f"{row['code']} {name}" if row.get("kind") == "car" and name != row["code"] else name
