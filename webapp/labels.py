"""Words for stored codes: choice values from the model, agency names."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from engine.cases import queries
from engine.data.schema import agency

from .i18n import current_locale


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(choice_label=choice_label, agency_label=agency_label)


def for_case(conn, definition_id: int, agencies: dict | None = None) -> dict:
    """Words for one model version's codes; pass `agencies` when building several."""
    return {"choices": queries.choice_labels(conn, definition_id),
            "agencies": agency_names(conn) if agencies is None else agencies}


def agency_names(conn) -> dict:
    return {r.code: (r.name_zh, r.name_en)
            for r in conn.execute(select(agency.c.code, agency.c.name_zh, agency.c.name_en))}


def _pick(pair, fallback):
    if not pair:
        return fallback or ""
    zh, en = pair
    return (en or zh) if current_locale() == "en" else (zh or en)


def choice_label(labels: dict, field: str, value) -> str:
    return _pick(labels["choices"].get(field, {}).get(value), value)


def agency_label(labels: dict, code) -> str:
    return _pick(labels["agencies"].get(code), code)
