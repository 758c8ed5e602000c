"""The report's prose per period and section (table report_prose, migration
0011): the department edits the words, the figures stay `{placeholder}`s the
report fills (engine/report/placeholders.py). A section never edited for a
period reads its default wording (engine/report/layout.py).

`save` checks every text first (an unknown placeholder, an over-long text:
`problems`, codes with params the web layer words) and writes the changed
sections with one audit record, in the caller's transaction."""
from __future__ import annotations

import re

from sqlalchemy import insert, select, update

from engine.data import audit
from engine.data.schema import report_prose
from .layout import sections
from .placeholders import MEANINGS

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
MAX_CHARS = 4000


class ProseRefused(ValueError):
    """Some texts cannot be kept: {section: (code, params)}."""

    def __init__(self, problems: dict):
        super().__init__(f"report prose refused: {problems}")
        self.problems = problems


def defaults() -> dict[str, str]:
    return {s.key: s.prose for s in sections()}


def load(conn, period) -> dict[str, dict]:
    """{section: {"text", "updated_by", "updated_at"}} as kept for the period."""
    q = select(report_prose).where(report_prose.c.period_start == period.start,
                                   report_prose.c.period_end == period.end)
    return {r.section: {"text": r.text, "updated_by": r.updated_by, "updated_at": r.updated_at}
            for r in conn.execute(q)}


def texts(conn, period) -> dict[str, str]:
    """Each section's wording for the period: kept, else the default."""
    kept = load(conn, period)
    return {key: kept[key]["text"] if key in kept else text for key, text in defaults().items()}


def problem(text: str):
    """(code, params) when the text cannot be kept, else None."""
    if len(text) > MAX_CHARS:
        return "too_long", {"max": MAX_CHARS, "length": len(text)}
    unknown = [name for name in PLACEHOLDER.findall(text) if name.strip() not in MEANINGS]
    if unknown:
        return "unknown_placeholder", {"names": ", ".join("{" + n + "}" for n in dict.fromkeys(unknown))}
    return None


def save(conn, period, new: dict[str, str], actor: str, now) -> list[str]:
    """Keep the sections whose text changed; returns their keys."""
    known = defaults()
    new = {k: v.replace("\r\n", "\n").strip() for k, v in new.items() if k in known}
    problems = {k: p for k, v in new.items() if (p := problem(v)) is not None}
    if problems:
        raise ProseRefused(problems)
    current = texts(conn, period)
    changed = [k for k, v in new.items() if v != current[k]]
    kept = load(conn, period)
    for key in changed:
        _write(conn, period, key, new[key], actor, now, exists=key in kept)
    if changed:
        audit.record(conn, case_id=None, at=now, actor=actor, action="report_prose_saved",
                     period_start=period.start.isoformat(), period_end=period.end.isoformat(),
                     sections=changed)
    return changed


def _write(conn, period, key, text, actor, now, exists: bool) -> None:
    values = {"text": text, "updated_by": actor, "updated_at": now}
    if exists:
        conn.execute(update(report_prose).where(
            report_prose.c.period_start == period.start, report_prose.c.period_end == period.end,
            report_prose.c.section == key).values(**values))
    else:
        conn.execute(insert(report_prose).values(period_start=period.start, period_end=period.end,
                                                  section=key, **values))


def named(text: str) -> list[str]:
    """The known placeholders a text names, each once, in order: the editor
    reads what each of them counts beside the text."""
    names = (n.strip() for n in PLACEHOLDER.findall(text))
    return [n for n in dict.fromkeys(names) if n in MEANINGS]


def render(text: str, values: dict[str, str]) -> str:
    """The text with each {placeholder} replaced by its formatted figure."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), text)
