"""The deadline board's agency table computed in Python before the template
runs: with 200 agencies the template called a macro, url_for and Jinja's
`attr` filter (inspect.getattr_static) for each of 1,600 figures, most of
the page's time (bench/board.py). Each figure's drill-down link is the
list's URL built once plus the figure and the agency. The columns' words
live here too, for the page, the drill-down list's heading and the exports."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from engine.board.figures import COMPLETED_FIGURES, OPEN_FIGURES, RATES

from .labels import agency_label

# The linked figures of a row, in the table's column order; then the rates.
FIGURES = (*OPEN_FIGURES, *COMPLETED_FIGURES)
COLUMNS = (*FIGURES, *RATES)
# The step table's columns (the page's and the Steps sheet's): the completed
# figures (linked to their tasks), the rates and the time the model allows.
STEP_COLUMNS = (*COMPLETED_FIGURES, *RATES, "allowed_days")


def words() -> dict:
    """Each column's header by its figure's name (engine/board/figures.py)."""
    return {"open": _("Open"), "due_soon": _("Due within 2 working days"), "overdue": _("Overdue"),
            "paused": _("Awaiting supplement"), "extended": _("Extended"),
            "escalated": _("Escalated"), "completed": _("Completed"), "on_time": _("On time"),
            "late": _("Late"), "on_time_rate": _("On-time rate (percent)"),
            "median_days": _("Median handling time (days)"), "allowed_days": _("Time allowed (days)")}


def heads() -> dict:
    """The agency table's header: its two column groups (the open work now,
    then the completed work and its rates, each with its span) and each
    column's words, in COLUMNS' order."""
    # "Led": the cases the agency leads (主辦), whoever holds their open step;
    # the team view counts the tasks at the agency instead (templates/inbox/_workload.html).
    return {"groups": [(_("Open cases the agency leads, now"), len(OPEN_FIGURES)),
                       (_("Tasks completed in the weeks"), len(COMPLETED_FIGURES) + len(RATES))],
            "columns": COLUMNS, "words": words()}


@dataclass(frozen=True)
class Line:
    """One row of the table: its figures `r`, the agency in words,
    (figure, value, link or None) per linked column and (rate, value) per rate."""
    r: object
    label: str
    cells: list
    rates: list


def table(board, labels: dict, query: str, agency: str | None) -> dict:
    """The template's `lines` (a Line per agency) and `total_cells` (the
    total row's, linked to the filter's agency if any) of a board."""
    base = drill_base(query)
    return {"lines": lines(board.rows, labels, base), "heads": heads(),
            "total_cells": cells(board.total, base, of_agency(agency)), "total_rates": rates(board.total)}


def lines(rows, labels: dict, base: str) -> list[Line]:
    """A Line per agency row; the row without an agency links nothing."""
    return [Line(r, agency_label(labels, r.key), cells(r, base, of_agency(r.key)), rates(r)) if r.key else
            Line(r, _("Not yet assigned to an agency"), cells(r, None), rates(r))
            for r in rows]


def rates(r) -> list:
    """(rate, value) per rate column: None when nothing had a deadline."""
    return [(rate, getattr(r, rate)) for rate in RATES]


def drill_base(query: str) -> str:
    """The drill-down list of the board's filter, up to its figure."""
    return f"{url_for('board.drill_down')}?{query}&figure="


def of_agency(agency: str | None) -> str:
    """The drill-down link's tail naming an agency (none: the filter's)."""
    return f"&agency={agency}" if agency else ""


def cells(r, base: str | None, tail: str = "", columns=FIGURES, linked=FIGURES) -> list:
    """(column, value, link or None) per column of `columns`: a `linked`
    column's figure links to its list (`base`, the column, `tail`) unless it
    is 0; `base` None: no links at all."""
    out = []
    for column in columns:
        value = getattr(r, column)
        link = base is not None and column in linked and value
        out.append((column, value, f"{base}{column}{tail}" if link else None))
    return out


@dataclass(frozen=True)
class StepLine:
    """One row of the step table: the step's element id and (column, value,
    link or None) per STEP_COLUMNS."""
    key: str
    cells: list


def step_table(steps, query: str, process: str | None) -> dict:
    """The template's `step_heads` (STEP_COLUMNS and their words) and
    `step_lines`; a completed figure links to its tasks of the step, in the
    filter's agency (the query carries it) and `process` when the filter names none."""
    base = drill_base(query)
    tail = f"&process={process}" if process else ""
    return {"step_heads": {"columns": STEP_COLUMNS, "words": words()},
            "step_lines": [StepLine(s.key, cells(s, base, f"&element={s.key}{tail}", STEP_COLUMNS,
                                                 COMPLETED_FIGURES)) for s in steps]}
