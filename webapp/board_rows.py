"""The deadline board's agency table computed in Python before the template
runs: with 200 agencies the template called a macro, url_for and Jinja's
`attr` filter (inspect.getattr_static) for each of 1,600 figures, most of
the page's time (bench/board.py). Each figure's drill-down link is the
list's URL built once plus the figure and the agency."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from engine.board.figures import COMPLETED_FIGURES, OPEN_FIGURES

from .labels import agency_label

# The linked figures of a row, in the table's column order.
FIGURES = (*OPEN_FIGURES, *COMPLETED_FIGURES)


@dataclass(frozen=True)
class Line:
    """One row of the table: its figures `r`, the agency in words, and
    (figure, value, link or None) per linked column."""
    r: object
    label: str
    cells: list


def table(board, labels: dict, query: str, agency: str | None) -> dict:
    """The template's `lines` (a Line per agency) and `total_cells` (the
    total row's, linked to the filter's agency if any) of a board."""
    base = drill_base(query)
    return {"lines": lines(board.rows, labels, base), "total_cells": cells(board.total, base, agency or "")}


def lines(rows, labels: dict, base: str) -> list[Line]:
    """A Line per agency row; the row without an agency links nothing."""
    return [Line(r, agency_label(labels, r.key), cells(r, base, r.key)) if r.key else
            Line(r, _("Not yet assigned to an agency"), cells(r, None, ""))
            for r in rows]


def drill_base(query: str) -> str:
    """The drill-down list of the board's filter, up to its figure."""
    return f"{url_for('board.drill_down')}?{query}&figure="


def cells(r, base: str | None, agency: str) -> list:
    """(figure, value, link) per linked column: a figure of 0 is not a link;
    `base` None: no links at all."""
    tail = f"&agency={agency}" if agency else ""
    out = []
    for figure in FIGURES:
        value = getattr(r, figure)
        out.append((figure, value, f"{base}{figure}{tail}" if base is not None and value else None))
    return out
