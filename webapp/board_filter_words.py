"""What the board says about a query string it cannot show (a bookmark, a
hand-edited link), in the viewer's language: the engine's BadFilter names
its reason by `code` (engine/board/query.py); its English message is for
logs and the API, never for the page."""
from __future__ import annotations

from flask_babel import gettext as _


def _week_field(parameter: str) -> str:
    return _("From week of") if parameter == "from" else _("To week of")


def said(err) -> str:
    """The sentence the board's error page shows for `err` (a BadFilter)."""
    code, params = getattr(err, "code", ""), getattr(err, "params", {})
    if code == "out_of_calendar":
        return _("“%(field)s” must be a day from 1912-01-01 (ROC year 1) to 9998-12-31.",
                 field=_week_field(params["parameter"]))
    if code == "not_a_date":
        return _("“%(value)s” is not a date (write it like 115/03/02).", value=params["value"])
    words = {
        "from_after_to": lambda: _("“%(first)s” is later than “%(last)s”.",
                                   first=_("From week of"), last=_("To week of")),
        "too_many_weeks": lambda: _("The board shows at most %(weeks)s weeks at a time.",
                                    weeks=params["weeks"]),
        "unknown_agency": lambda: _("The board has no agency you may see by that code."),
        "unknown_process": lambda: _("No process deployed by that name."),
        "unknown_figure": lambda: _("The board has no such list: open a list from a figure "
                                    "on the board."),
    }
    return words[code]() if code in words else str(err)
