"""POST requests: a GeoReport service request becomes a petition case."""
from __future__ import annotations

from engine.cases.actors import Actor
from engine.data.errors import InvalidData

from .. import petitions
from ..extensions import db, runtime

MAX_TEXT = 8000


def _num(text, lo, hi, name):
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InvalidData("bad coordinate", {name: "not a number"}) from None
    if not lo <= value <= hi:
        raise InvalidData("bad coordinate", {name: "out of range"})
    return value


def _location(form) -> dict:
    """The spec requires a location: lat & long, address_string or address_id."""
    out = {}
    if form.get("lat") or form.get("long"):
        out["lat"] = _num(form.get("lat"), -90, 90, "lat")
        out["long"] = _num(form.get("long"), -180, 180, "long")
    address = (form.get("address_string") or form.get("address_id") or "").strip()
    if address:
        out["address"] = address[:300]
    if not out:
        raise InvalidData("a location is required", {"lat": "give lat & long or address_string"})
    return out


def submit(form, fields, user) -> petitions.Receipt:
    description = (form.get("description") or "").strip()[:MAX_TEXT]
    values = {"subject": description[:60] or form.get("service_code", ""),
              "content": description, "category": form.get("service_code", ""),
              "district": form.get("attribute[district]") or "CITY"}
    used = [f for f in fields if f.name in values]
    with db().connect() as conn:
        clean = petitions.validate_registration(conn, used, {f.name: values[f.name] for f in used})
    extra = _location(form)
    if form.get("media_url"):
        extra["media_url"] = form["media_url"][:500]
    name = " ".join(p for p in (form.get("first_name"), form.get("last_name")) if p).strip()
    person = {"name": name, "email": form.get("email"), "phone": form.get("phone")}
    actor = Actor(user.username, user.agency, frozenset(user.roles))
    return petitions.start(runtime(), {**clean, **extra, "channel": "open311"},
                           actor=actor, person=person)
