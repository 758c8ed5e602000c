"""What was decided, in words: after a form with decisions (a boolean field
the model declares decision="true"), the person reads the answer they chose
(已決定「核准」（是否核准展期）), not just that something was recorded."""
from __future__ import annotations

from flask_babel import gettext as _

from engine.models.meta import Field

from .i18n import current_locale


def decided(fields: list[Field], values: dict) -> str:
    """One sentence naming each decision's chosen answer; "" when none was made."""
    locale = current_locale()
    answers = [_("“%(answer)s” (%(question)s)", answer=f.answer_word(_truth(values[f.name]), locale),
                 question=f.label(locale))
               for f in fields if f.decision and values.get(f.name) is not None]
    return _("Decided: %(answers)s.", answers=_("; ").join(answers)) if answers else ""


def with_decided(message: str, fields: list[Field], values: dict) -> str:
    """`message` followed by what was decided (zh-TW sentences join without a space)."""
    sep = " " if current_locale().startswith("en") else ""
    return sep.join(filter(None, (message, decided(fields, values))))


def _truth(value) -> bool:
    # The web sends the radio's "true"/"false"; the API may send a JSON boolean.
    return value is True or str(value).strip().lower() in ("true", "1", "yes", "on", "y")
