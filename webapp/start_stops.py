"""Answers on a start form that mean the case cannot go on as asked.

The model still refuses such a case on its own (consumer_complaint.bpmn's
不受理調解 closes it and tells the consumer), which is right for the REST
API; but a consumer or clerk at the form is told beside the answer what to
do instead, and nothing is started. Each stop names the process, the field,
the answer that stops, the other answers it applies with, and its words.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from flask_babel import gettext as _


@dataclass(frozen=True)
class Stop:
    name: str            # the field it answers
    answer: object
    message: Callable[[], str]     # said in the viewer's language when it applies
    only_if: dict = field(default_factory=dict)   # other values it applies with


# Consumer Protection Act Arts. 43-44: mediation only after a complaint, and
# never for a dispute already mediated or arbitrated (../shared/domain-rules.md).
STOPS = {
    "consumer_complaint": (
        Stop("has_prior_complaint", False, only_if={"request_type": "mediation"}, message=lambda: _(
            "Mediation needs a consumer complaint first (Consumer Protection Act Art. 44): "
            "please file a complaint first, by choosing “First complaint” as the request.")),
        Stop("already_mediated", True, only_if={"request_type": "mediation"}, message=lambda: _(
            "A dispute already mediated or arbitrated cannot be mediated again: "
            "please choose “Consultation” as the request, so that the centre can explain "
            "the other ways (such as going to court).")),
    ),
}


def errors(process_key: str, values: dict) -> dict:
    """The stopping answers among the submitted values, by field name. A
    question its `only_if` does not ask (its `when` hides it) stops nothing."""
    out = {}
    for stop in STOPS.get(process_key, ()):
        asked = all(_word(values.get(k)) == _word(v) for k, v in stop.only_if.items())
        if asked and stop.name in values and _word(values[stop.name]) == _word(stop.answer):
            out[stop.name] = stop.message()
    return out


def _word(value) -> str:
    """A value as the form sends it: "true"/"false" for a yes/no, text otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()
