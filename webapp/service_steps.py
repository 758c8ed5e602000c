"""A service step in the case timeline (`service_call` audit rows): its own
name from the model and, in words, what it did: 已預約 RBK-2101 公務轎車（一），
115/03/10 14:00–17:00."""
from __future__ import annotations

from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from engine.models.task_names import pick, split_bilingual
from engine.resources import catalogue

from .extensions import db
from .i18n import current_locale


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(service_step_name=service_step_name, service_done=service_done)


def service_step_name(service: dict) -> str:
    """The step's name in the viewer's language ("預約車輛 Reserve the car" split)."""
    return pick(*split_bilingual((service or {}).get("name") or ""), current_locale())


def service_done(service: dict) -> str:
    """What the call did, in words; "" for a function it cannot word."""
    result = (service or {}).get("result")
    function = (service or {}).get("function")
    if function == "reserve_resource" and isinstance(result, dict):
        return _reserved(result)
    if function == "release_reservations" and isinstance(result, int):
        return ngettext("Released %(num)d reservation", "Released %(num)d reservations", result)
    if function == "free_resources" and isinstance(result, list):
        return ngettext("%(num)d free at that time", "%(num)d free at that time", len(result))
    return ""


def _reserved(result: dict) -> str:
    from .resource_fields import booking_range, resource_label   # it imports the i18n helpers too
    code = result.get("resource") or ""
    with db().connect() as conn:
        row = catalogue.get(conn, code)
    name = resource_label(row.kind if row else "car", code, result.get("name_zh"), result.get("name_en"))
    return _("Reserved %(resource)s, %(when)s", resource=name,
             when=booking_range(result.get("starts_at"), result.get("ends_at")))
