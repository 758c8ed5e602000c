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
        "not_date": lambda: gettext("Enter a valid date."),
        "not_datetime": lambda: gettext("Enter a valid date and time."),
        "not_choice": lambda: gettext("Choose one of the options."),
        "not_email": lambda: gettext("Enter an e-mail address such as name@example.com."),
        "unknown_agency": lambda: gettext("Choose an agency from the list."),
        "not_case_number": lambda: gettext("Enter a case number such as 115-000123."),
        # A repeat petition's earlier case (engine/cases/links.py: answered_case).
        "cited_unknown": lambda: gettext("There is no case %(number)s that you may see.",
                                         number=p.get("number")),
        "cited_unanswered": lambda: gettext(
            "Case %(number)s has not been answered yet: only an answered case can be cited.",
            number=p.get("number")),
        "cited_self": lambda: gettext("A case cannot cite itself."),
        "too_small": lambda: gettext("At least %(min)s.", min=p.get("min")),
        "too_large": lambda: gettext("At most %(max)s.", max=p.get("max")),
    }


def field_error(err) -> str:
    """One field's error as the viewer should read it."""
    code = getattr(err, "code", None) or ("required" if err == "required" else None)
    message = _messages(getattr(err, "params", None) or {}).get(code)
    return message() if message else str(err)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["field_error"] = field_error
