"""Why a case cannot move to a new model version, in the reader's language:
the migration pages' dry run and results (views/migrations.py) and the
audit trail's refused moves (views/admin/audit_migration.py) say it alike."""
from __future__ import annotations

from flask_babel import gettext as _


def reason_text(code: str, params: dict, names: dict) -> str:
    """A refusal in the reader's language, elements by their names."""
    def name(key):
        value = params.get(key, "")
        return names.get(value, value)
    texts = {
        "case_closed": _("The case is no longer open."),
        "already_on_version": _("The case already runs this version."),
        "other_process": _("The case runs another process."),
        "unmapped_element": _("The case waits at “%(element)s”, which the new version does not "
                              "have: choose where it goes in the new version.", element=name("element")),
        "unknown_target": _("“%(target)s” is not in the new version.", target=name("target")),
        "history_unmapped": _("The case went through “%(element)s”, which the new version does "
                              "not have: map it to an element of the new version.",
                              element=name("element")),
        "kind_changed": _("“%(element)s” became another kind of element in the new version.",
                          element=name("element")),
        "loop_changed": _("The running repetition “%(element)s” repeats differently in the new "
                          "version.", element=name("element")),
        "boundary_changed": _("The new version adds or removes a timer or event on “%(element)s”, "
                              "where the case is now: it would not take effect for this case. "
                              "Move it after it has left that step.", element=name("element")),
        "subprocess_removed": _("The running subprocess “%(element)s” is not in the new version.",
                                element=name("element")),
        "missing_variable": _("The new version requires “%(name)s” at “%(element)s”, which the "
                              "case never filled: give a value for the cases that passed it.",
                              name=names.get("field:" + params.get("name", ""), params.get("name")),
                              element=name("element")),
        "failed": _("Moving the case failed; it stays on its version."),
    }
    return texts.get(code, texts["failed"])
