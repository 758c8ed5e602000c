"""Earlier cases offered on a task form that asks for one (a `case_number`
field, e.g. the repeat petition's `earlier_case`, APA Art. 173).

The offer is the cases the system already flagged as possible duplicates
(same category and district, received shortly before), answered ones first;
on a first look the first answered one is filled in, with the reply date the
engine recorded for it. The engine still checks whatever is submitted
(engine/cases/links.py: answered_case).
"""
from __future__ import annotations

from datetime import date

from engine.cases import links, masked


def offer(conn, viewer, case_row, fields, titles=None) -> dict[str, list[dict]]:
    """field name -> the flagged earlier cases, for each case_number field;
    `titles` (masked.Titles, the case file's): their titles as the viewer
    may read them (Art. 170), asking only for cases the page did not read."""
    names = [f.name for f in fields if f.type == "case_number"]
    if not names:
        return {}
    found = links.cited_candidates(conn, viewer, case_row)
    candidates = [{**c, "replied_day": date.fromisoformat(c["replied_on"]) if c["replied_on"] else None}
                  for c in (titles or masked.Titles(viewer)).rows(conn, found)]
    return {name: candidates for name in names} if candidates else {}


def prefill(values: dict, offered: dict[str, list[dict]]) -> None:
    """Fill each empty case_number field with the first answered flagged case,
    and its reply date field (`earlier_case` -> `earlier_reply_date`) with the
    date the engine recorded for the cited case, when that case is offered."""
    for name, candidates in offered.items():
        answered = [c for c in candidates if c["replied_on"]]
        if answered and not values.get(name):
            values[name] = answered[0]["number"]
        cited = next((c for c in answered if c["number"] == values.get(name)), None)
        date_field = reply_date_field(name)
        if cited and not values.get(date_field):
            values[date_field] = cited["replied_on"]


def reply_date_field(case_field: str) -> str:
    """The date field that goes with a case_number field, by the models'
    naming (docs/modelling.md): earlier_case -> earlier_reply_date."""
    return case_field.removesuffix("_case") + "_reply_date"
