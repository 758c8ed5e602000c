"""Form errors in the viewer's language.

The engine's form validation (engine/models/forms.py) gives each field's
error as a FieldError: English text with a `code` and `params`. Pages show
it through the `field_error` filter, which says it in the viewer's language;
the REST API keeps the English text. A plain string passes through (the views
already translate their own), except the engine's bare "required".
"""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext


def _messages(p: dict) -> dict:
    """code -> the message in the current language, with the error's params."""
    return {
        "required": lambda: gettext("Required"),
        "not_a_field": lambda: gettext("This task has no such field."),
        "not_object": lambda: gettext("The form data could not be read."),
        "not_text": lambda: gettext("Must be text."),
        "too_long": lambda: gettext("At most %(limit)s characters.", limit=p.get("limit")),
        "not_integer": lambda: gettext("Enter a whole number."),
        "not_number": lambda: gettext("Enter a number."),
        "not_boolean": lambda: gettext("Answer yes or no."),
        # A decision left unanswered (engine/models/forms.py): its own two words.
        "no_decision": lambda: gettext("Choose “%(yes)s” or “%(no)s”.", **_answers(p)),
        # A confirmation (confirm="true") left unticked: 陳情人確認無誤 not yet given.
        "not_confirmed": lambda: gettext("Tick this to confirm."),
        # Typed but unreadable (115/13/45, 昨天): not "required", and the format to use.
        "not_date": lambda: gettext("The date could not be read: enter a valid date, e.g. %(example)s.",
                                    example=_example("2026-03-02", "115/03/02")),
        "not_datetime": lambda: gettext(
            "The date and time could not be read: enter them like %(example)s.",
            example=_example("2026-03-02 08:45", "115/03/02 08:45")),
        "not_choice": lambda: gettext("Choose one of the options."),
        "not_email": lambda: gettext("Enter an e-mail address such as name@example.com."),
        "unknown_agency": lambda: gettext("Choose an agency from the list."),
        # A transfer to the agency that already holds the task (engine/cases/transfer.py).
        "same_agency": lambda: gettext(
            "The case is already at your agency: choose the agency it should go to."),
        "not_case_number": lambda: gettext("Enter a case number such as 115-000123."),
        # A repeat petition's earlier case (engine/cases/links.py: answered_case).
        "cited_unknown": lambda: gettext("There is no case %(number)s that you may see.",
                                         number=p.get("number")),
        "cited_unanswered": lambda: gettext(
            "Case %(number)s has not been answered yet: only an answered case can be cited.",
            number=p.get("number")),
        "cited_self": lambda: gettext("A case cannot cite itself."),
        "reply_before_receipt": lambda: gettext(
            "The earlier reply cannot be dated before the earlier case was received (%(date)s).",
            date=_day(p.get("received"))),
        "too_small": lambda: gettext("At least %(min)s.", min=p.get("min")),
        # A car, driver or room a service task could not reserve (engine/resources).
        "resource_taken": lambda: gettext(
            "%(resource)s is already reserved by case %(number)s, %(range)s. "
            "Choose another one or another time.", resource=_resource(p), number=p.get("number"),
            range=_booking_range(p.get("starts_at"), p.get("ends_at"))),
        "resource_unknown": lambda: gettext("%(resource)s is not in service: choose one from the list.",
                                            resource=p.get("resource")),
        "bad_range": lambda: gettext("The end must come after the start."),
        "resource_too_small": lambda: gettext(
            "%(resource)s holds %(capacity)s, fewer than the %(needed)s asked for: choose a larger one.",
            resource=_resource(p), capacity=p.get("capacity"), needed=p.get("needed")),
        "too_large": lambda: gettext("At most %(max)s.", max=p.get("max")),
        # A date field's min/max (`today` on the engine clock): the bound in ROC.
        "date_too_late": lambda: gettext("The date may not be later than %(date)s.",
                                         date=_day(p.get("max"))),
        "date_too_early": lambda: gettext("The date may not be earlier than %(date)s.",
                                          date=_day(p.get("min"))),
        **_data_messages(p),
    }


def _data_messages(p: dict) -> dict:
    """Case data checked as a whole (engine/cases/variables.py), e.g. a
    test-run's sample JSON, and the test-run's own keys (authoring/sample_keys.py)."""
    return {
        "not_json_object": lambda: gettext("Must be a JSON object, written in { }."),
        "not_a_name": lambda: gettext("Not usable as a name: use letters, digits and underscores, "
                                      "not starting with a digit or an underscore."),
        "not_plain_json": lambda: gettext("Only JSON values may be given: text, numbers, true or "
                                          "false, null, lists and objects."),
        "data_too_large": lambda: gettext("The data is larger than %(kb)s KB.", kb=p.get("kb")),
        "too_deep": lambda: gettext("Nested more than %(limit)s levels deep.", limit=p.get("limit")),
        "reserved_name": lambda: gettext("“%(name)s” is reserved by the workflow engine: use another name.",
                                         name=p.get("name")),
        "not_aware_datetime": lambda: gettext("Give a date and time with its time zone."),
        "in_future": lambda: gettext("May not be in the future."),
        "unknown_keys": lambda: gettext("Unknown keys: %(keys)s. Known keys: %(known)s.",
                                        keys=p.get("keys"), known=p.get("known")),
        "task_sample_key": lambda: gettext(
            "“%(name)s” belongs only in a task's sample data (the days to let pass before that "
            "task is done), not in the sample start data.", name=p.get("name")),
    }


def _day(iso) -> str:
    from .i18n import date_input   # 115/03/02 in Chinese
    return date_input(iso)


def _example(en: str, roc: str) -> str:
    """A date as the viewer's date fields take it (date_hint: ROC in Chinese)."""
    from .i18n import current_locale
    return en if current_locale().startswith("en") else roc


def _answers(p: dict) -> dict:
    from .i18n import current_locale
    lang = "en" if current_locale().startswith("en") else "zh"
    return {"yes": p.get(f"yes_{lang}"), "no": p.get(f"no_{lang}")}


def _resource(p: dict) -> str:
    from .resource_fields import resource_label
    if not p.get("name_zh"):
        return p.get("resource") or ""
    return resource_label(p.get("kind"), p.get("resource"), p.get("name_zh"), p.get("name_en"))


def _booking_range(starts_at, ends_at) -> str:
    from .resource_fields import booking_range   # it needs the app's dates
    return booking_range(starts_at, ends_at)


def field_error(err) -> str:
    """One field's error as the viewer should read it."""
    code = getattr(err, "code", None) or ("required" if err == "required" else None)
    message = _messages(getattr(err, "params", None) or {}).get(code)
    return message() if message else str(err)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["field_error"] = field_error
