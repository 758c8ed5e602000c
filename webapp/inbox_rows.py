"""The inbox table's cells in words and links, computed in Python before the
template runs: a page of 50 rows named its tasks, categories and deadlines
and built its two links per row through url_for, gettext and the locale
lookup 50 times each, most of the page's time (bench/inbox_http.py). Words
are looked up once per distinct value, links are built from one url_for."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import get_locale

from .i18n import is_before, local_dt
from .labels import choice_label, task_name, with_item

MARK = "civicflow-inbox-row"   # a path segment url_for leaves as it is


@dataclass(frozen=True)
class Line:
    """One table row: the task row `r` and what its cells show."""
    r: object
    overdue: bool
    paused: bool       # 待補正: the case waits on the petitioner, its deadline stands still
    supplemented: bool  # 已補正: the petitioner answered, no officer of the task has looked yet
    due: str           # 115/03/02-style local date and time, '—' when undated
    case_href: str
    task_href: str
    task: str          # the task's name in the viewer's language
    category: str      # 類別 in words, '—' when the case has none
    last: str | None   # completed: when; else who holds it (None: nobody)


def lines(rows, labels: dict, category_cells: dict, names: dict, now, completed: bool) -> list:
    """A Line per row, in the rows' order."""
    locale, case_href, task_href = str(get_locale()), href_of("cases.show", "number"), \
        href_of("inbox.task_page", "task_id")
    task_words, category_words = {}, {}
    out = []
    for r in rows:
        key = (r.definition_id, r.element_id, r.name)
        if key not in task_words:
            task_words[key] = task_name(r)
        paused = r.state == "ready" and r.clock_stopped_at is not None
        out.append(Line(
            r, r.state == "ready" and not paused and is_before(r.due_at, now), paused,
            r.state == "ready" and bool(r.supplemented),
            local_dt(r.due_at, locale) if r.due_at else "—",
            case_href(r.number), task_href(r.id), with_item(task_words[key], r.item),
            _category(r, labels, category_cells, category_words),
            local_dt(r.completed_at, locale) if completed else names.get(r.assignee, r.assignee) or None))
    return out


def _category(r, labels, category_cells, seen) -> str:
    if not r.category:
        return category_cells.get(r.case_id, "—")
    key = (r.definition_id, r.category)
    if key not in seen:
        seen[key] = choice_label(labels[r.definition_id], "category", r.category)
    return seen[key]


def href_of(endpoint: str, name: str):
    """value -> url_for(endpoint, name=value), the rule built once: the value
    is quoted by the rule's own converter, as url_for quotes it."""
    head, _, tail = url_for(endpoint, **{name: MARK}).partition(MARK)
    url_map = current_app.url_map
    to_url = url_map.converters["default"](url_map).to_url
    return lambda value: head + to_url(value) + tail
