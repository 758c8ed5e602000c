"""An audit record's detail in the reader's words: the trail stores JSON with
codes (agency and role codes, notice kinds, the model's field names, UTC
instants); the audit page and its CSV show names, labels and Taipei times."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from engine.cases import queries
from engine.data.schema import case, process_definition
from engine.models.task_names import pick, split_bilingual

from ...i18n import current_locale, taipei_dt
from ...labels import agency_name, role_label
from .actions import detail_name, notice_kind


class DetailWords:
    """Formats the detail of the rows of one page of the trail."""

    def __init__(self, conn, rows):
        self.fields = _field_labels(conn, {r.case_number for r in rows if r.case_number})
        self.processes = _process_names(conn)
        english = current_locale().startswith("en")
        self.sep, self.colon, self.list_sep = ("; ", ": ", ", ") if english else ("；", "：", "、")

    def __call__(self, text: str) -> str:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return text
        if not isinstance(data, dict):
            return text
        return self.sep.join(self.pair(k, v) for k, v in data.items())

    def pair(self, key: str, value) -> str:
        name = self.fields.get(key) or detail_name(key)
        return f"{name}{self.colon}{self.value(key, value)}"

    def value(self, key: str, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, dict):
            return "（" + self.sep.join(self.pair(k, v) for k, v in value.items()) + "）"
        if isinstance(value, list):
            return self.list_sep.join(self.value(key, v) for v in value)
        if isinstance(value, bool):
            return "✓" if value else "✗"
        return self.code(key, value) if isinstance(value, str) else str(value)

    def code(self, key: str, value: str) -> str:
        if key == "agency":
            return agency_name(value)
        if key == "roles":
            return self.list_sep.join(role_label(r) for r in value.split(",") if r)
        if key == "kind":
            return notice_kind(value)
        if key == "process":
            return self.processes.get(value, value)
        return _instant(value) or value


def _instant(text: str) -> str | None:
    """An ISO instant ('2026-03-02T01:15:00+00:00', or str() of a datetime with
    a space) as a Taipei time, else None."""
    if len(text) < 19 or text[4:5] != "-" or text[10:11] not in ("T", " "):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return taipei_dt(moment) if moment.tzinfo else None


def _process_names(conn) -> dict[str, str]:
    """{process key: its name in the viewer's language} of the latest versions."""
    names = {}
    for key, name in conn.execute(select(process_definition.c.key, process_definition.c.name)
                                  .order_by(process_definition.c.version)):
        names[key] = pick(*split_bilingual(name), current_locale()) or key
    return names


def _field_labels(conn, numbers: set[str]) -> dict[str, str]:
    """{field name: label} over the forms of the models the cases run."""
    if not numbers:
        return {}
    labels = {}
    english = current_locale().startswith("en")
    for did in set(conn.execute(select(case.c.definition_id)
                                .where(case.c.number.in_(sorted(numbers)))).scalars()):
        for meta in queries.task_metas(conn, did).values():
            for f in meta.fields:
                label = (f.label_en if english else f.label_zh) or f.label_zh or f.label_en
                if label:
                    labels.setdefault(f.name, label)
    return labels
