"""Services from the model's category choices; service requests from cases."""
from __future__ import annotations

import json

from ..api.shapes import iso
from .ids import public_id

GROUP = "petition"


def _label(choice, locale):
    value, zh, en = choice
    return (en or zh or value) if locale.startswith("en") else (zh or en or value)


def _field(fields, name):
    return next((f for f in fields if f.name == name), None)


def service_records(fields, locale: str) -> list[dict]:
    category = _field(fields, "category")
    if category is None:
        return []
    return [{"service_code": c[0], "service_name": _label(c, locale),
             "description": _label(c, locale), "metadata": True, "type": "realtime",
             "keywords": [c[0]], "group": GROUP} for c in category.choices]


def service_definition(fields, code: str, locale: str) -> dict | None:
    category = _field(fields, "category")
    if category is None or code not in [c[0] for c in category.choices]:
        return None
    district = _field(fields, "district")
    attrs = []
    if district is not None:
        attrs.append({"variable": True, "code": "district", "datatype": "singlevaluelist",
                      "required": bool(district.required), "datatype_description": None,
                      "order": 1, "description": district.label(locale),
                      "values": [{"key": c[0], "name": _label(c, locale)} for c in district.choices]})
    return {"service_code": code, "attributes": attrs}


def _choice_name(fields, name, value, locale):
    f = _field(fields, name)
    found = next((c for c in (f.choices if f else []) if c[0] == value), None)
    return _label(found, locale) if found else value


def request_record(row, agency_names: dict, fields, locale: str, holders: dict) -> dict:
    summary = json.loads(row.summary or "{}")
    closed = row.status == "completed"
    responsible = row.responsible_agency or holders.get(row.id)
    # Art. 170: a confidential petition's text, place and photo may identify
    # the petitioner (their home, their shop): none of them is published.
    description = "" if row.confidential else (summary.get("content") or row.title or "")
    place = {} if row.confidential else summary
    return {
        "service_request_id": public_id(row.id),
        "status": "closed" if closed else "open",
        "status_notes": summary.get("outcome", "") if closed else "",
        "service_name": _choice_name(fields, "category", row.category, locale) if row.category else "",
        "service_code": row.category or "",
        "description": description,
        "agency_responsible": agency_names.get(responsible, responsible or ""),
        "service_notice": "",
        "requested_datetime": iso(row.received_at),
        "updated_datetime": iso(row.updated_at),
        "expected_datetime": iso(row.due_at) if not closed else None,
        "address": place.get("address", ""),
        "address_id": "",
        "zipcode": "",
        "lat": place.get("lat"),
        "long": place.get("long"),
        "media_url": place.get("media_url", ""),
    }
