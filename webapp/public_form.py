"""The citizen's petition form: what was sent (the model's fields, who they
are, where it is, photos) and every error in it at once, in the viewer's
language, keyed by the field it belongs beside."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from engine.data.errors import InvalidData

from . import consent, contact, petitions, photo_refusal, taskform

MAX_FILES = photo_refusal.MAX_FILES
PERSON_KEYS = ("name", "email", "phone")
FILE_FIELD = "photos"


@dataclass
class Submission:
    values: dict                      # the model's fields, raw
    person: dict                      # name, email, phone
    location: dict                    # location_address (+ location_lat/lon)
    files: list = field(default_factory=list)   # (filename, bytes)
    anonymous: bool = False
    agreed: bool = False              # the consent box (webapp/consent.py)


def read(fields, form, uploads, *, with_point: bool, max_bytes: int) -> Submission:
    """What the form sent; each file read up to one byte past the limit."""
    person = {k: form.get(k, "").strip()[:200] for k in PERSON_KEYS}
    location = {"location_address": form.get("location_address", "").strip()[:300]}
    if with_point:
        location.update({k: form.get(k, "").strip()[:32] for k in ("location_lat", "location_lon")})
    files = [(f.filename, f.read(max_bytes + 1)) for f in uploads.getlist(FILE_FIELD) if f and f.filename]
    return Submission(taskform.submitted(fields, form), person, location, files,
                      anonymous=petitions.allows_anonymous(fields) and taskform.ticked(form, "anonymous"),
                      agreed=consent.given(form))


def check(conn, fields, sub: Submission, max_bytes: int) -> tuple[dict, dict]:
    """(clean model values + location, errors by field), all errors together."""
    errors, clean = {}, {}
    try:
        clean = petitions.validate_registration(conn, fields, sub.values)
    except InvalidData as exc:
        chosen = {f.name for f in fields if f.type in ("choice", "agency")}
        errors.update({name: field_message(err, name in chosen) for name, err in exc.errors.items()})
    errors.update(person_errors(sub.person, sub.anonymous))
    where, where_errors = location_values(sub.location)
    errors.update(where_errors)
    if (refused := photo_refusal.of(sub.files, max_bytes)):
        errors[FILE_FIELD] = refused   # said when shown; the language switch carries its reason
    if not sub.agreed:
        errors[consent.FIELD] = str(consent.PETITION.refused)
    return {**clean, **where}, errors


def field_message(err, chosen: bool = False) -> str:
    """A model field's error in the viewer's language (the engine's FieldError
    carries a code; its English text is never shown here). A list left at
    「請選擇」 asks for a choice, not for something to be filled in."""
    code = getattr(err, "code", None) or str(err)
    params = getattr(err, "params", {}) or {}
    if code == "required":
        return _("Please choose one of the options.") if chosen else _("Please fill in this field.")
    if code == "too_long" and params.get("limit"):
        return _("Please write at most %(n)s characters.", n=params["limit"])
    if code == "not_choice":
        return _("Please choose one of the options.")
    return _("Please check this field.")


def person_errors(person: dict, anonymous: bool) -> dict:
    # Art. 173: without a real name and a way to reply the petition is not handled.
    errors = {}
    if not person["name"] and not anonymous:
        errors["name"] = _("Please give your name.")
    if person["email"] and not contact.is_email(person["email"]):
        errors["email"] = _("This is not an e-mail address (for example: chen@example.tw).")
    if person["phone"] and not contact.is_taiwan_phone(person["phone"]):
        errors["phone"] = _("This is not a Taiwan phone number (for example: 0912-345-678 or 07-3373-000).")
    if not (person["email"] or person["phone"] or anonymous):
        errors["email"] = _("Please give an e-mail address or a phone number, so that we can reply.")
    return errors


def location_values(raw: dict) -> tuple[dict, dict]:
    """The location as case data, and its errors (a point needs both numbers)."""
    values = {"location_address": raw["location_address"]} if raw["location_address"] else {}
    lat, lon = raw.get("location_lat", ""), raw.get("location_lon", "")
    if not (lat or lon):
        return values, {}
    try:
        point = float(lat), float(lon)
    except ValueError:
        point = None
    if point is None or not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
        return values, {"location_point": _("Please give the point as latitude and longitude, "
                                            "for example 22.6273 and 120.3014.")}
    return {**values, "location_lat": point[0], "location_lon": point[1]}, {}


def file_error(files: list, max_bytes: int) -> str | None:
    """Why these files are refused, in the viewer's language (photo_refusal)."""
    refused = photo_refusal.of(files, max_bytes)
    return str(refused) if refused else None
