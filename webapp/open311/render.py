"""Open311 GeoReport v2 output: the same records as XML or JSON, as the
published specification shows them (XML element per key, lists wrapped)."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from flask import Response

# XML root and item element for each list the specification defines.
WRAPPERS = {"services": ("services", "service"), "requests": ("service_requests", "request"),
            "errors": ("errors", "error")}


def _xml_value(parent, key, value):
    el = ET.SubElement(parent, key)
    if isinstance(value, list):
        inner = {"attributes": "attribute", "values": "value", "keywords": None}.get(key, "item")
        if inner is None:
            el.text = ",".join(map(str, value))
            return
        for item in value:
            _xml_dict(ET.SubElement(el, inner), item)
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    elif value is not None:
        el.text = str(value)


def _xml_dict(el, record: dict):
    for key, value in record.items():
        _xml_value(el, key, value)


def to_xml_list(kind: str, records: list[dict]) -> bytes:
    root_tag, item_tag = WRAPPERS[kind]
    root = ET.Element(root_tag)
    for record in records:
        _xml_dict(ET.SubElement(root, item_tag), record)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_xml_object(root_tag: str, record: dict) -> bytes:
    root = ET.Element(root_tag)
    _xml_dict(root, record)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, kind: str, payload, status: int = 200, root_tag: str | None = None):
    """`payload` is a list (wrapped per `kind`) or, with root_tag, one object."""
    if fmt == "json":
        return Response(json.dumps(payload, ensure_ascii=False), status=status,
                        mimetype="application/json")
    body = to_xml_object(root_tag, payload) if root_tag else to_xml_list(kind, payload)
    return Response(body, status=status, mimetype="text/xml")


def error(fmt: str, status: int, description: str):
    return respond(fmt, "errors", [{"code": status, "description": description}], status)


def error_for_request(status: int, description: str):
    """An Open311 error in the format the request's path asks for (XML by default)."""
    from flask import request
    return error("json" if request.path.endswith(".json") else "xml", status, description)
