"""Audit details whose stored shape needs its own words: a calendar
override's kind, districts and tasks moved per agency
(engine/cases/calendar_moves.py), and a case moved to a new model version:
its deadline before and after, each task's, and what the new decision table
did (engine/cases/migration/moving.py)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from engine.time import districts as kdistricts

from ...i18n import current_locale, roc_date
from ...labels import agency_name

CALENDAR_KINDS = {"holiday": _l("Offices closed"), "workday": _l("Extra working day")}

# engine/cases/migration/decisions.OUTCOMES, as the dry run words them.
OUTCOMES = {"none": _l("no decision table on the way"),
            "same": _l("the new decision table gives the same"),
            "changed": _l("Recomputed with the new decision table."),
            "later": _l("A later step (a transfer or an extension) set this deadline: it is kept."),
            "side_effects": _l("not looked up again (the step also sends or records something)"),
            "steers": _l("The new decision table would route this case differently: its deadline "
                         "is not recomputed (transfer the case if it should go elsewhere)."),
            "failed": _l("The new decision table cannot be applied to this case: its deadline "
                         "stays.")}


def calendar_kind(value: str) -> str | None:
    return str(CALENDAR_KINDS[value]) if value in CALENDAR_KINDS else None


def districts(value, sep: str) -> str:
    """District codes as their names, in the city's order (苓雅區、鳳山區)."""
    chosen = set(value if isinstance(value, list) else [value])
    return sep.join(district_name(d) for d in kdistricts.all_districts() if d.code in chosen) or "—"


def district_name(district) -> str:
    """苓雅區, or Lingya District to an English reader."""
    return district.name_en if current_locale().startswith("en") else district.name_zh


def per_agency(value: dict, colon: str, sep: str) -> str:
    """{agency code: tasks} as 工務局：1 件."""
    return sep.join(f"{agency_name(code) or _l('no agency')}{colon}"
                    f"{ngettext('%(num)s task', '%(num)s tasks', n)}"
                    for code, n in value.items()) or "—"


def from_to(value: dict) -> str:
    """{"from": ISO, "to": ISO} as 民國115年11月30日 → 民國115年11月27日."""
    before, after = _day(value.get("from")), _day(value.get("to"))
    if before == after:
        return str(_l("%(due)s (unchanged)", due=before))
    return f"{before} → {after}"


def task_dues(value: list, step, colon: str, sep: str) -> str:
    """Each task's deadline moved, by its step's name (辦理並擬復：A → B)."""
    return sep.join(f"{step(d.get('element', ''))}{colon}{from_to(d)}"
                    for d in value if isinstance(d, dict)) or "—"


def decision(value: dict, step, colon: str) -> str:
    """What replaying the decision table did, at which step (分案：…)."""
    said = str(OUTCOMES.get(value.get("outcome"), value.get("outcome", "")))
    return f"{step(value['element'])}{colon}{said}" if value.get("element") else said


def _day(iso: str | None) -> str:
    """An ISO instant with its offset (moving._iso) as its Taipei ROC date."""
    return roc_date(iso) if iso else "—"
