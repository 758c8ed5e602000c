"""The citizen's consumer complaint (消費爭議申訴, Consumer Protection Act
Art. 43) on the web: the consumer_complaint model's own start form, the few
fields a consumer knows, started exactly as the centre's staff would start a
first complaint arriving on the web.

What the form shows, how each field is checked and worded, which fields hold
the person (`petitioner="consumer_name consumer_contact"`), the case title,
who may register it and every default come from the deployed model's
`<civicflow:start>` and its start task's `<civicflow:form>`; only the choice
of fields asked of a citizen and the request type (a first complaint) are
this module's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from flask import render_template

from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled
from engine.data.errors import InvalidData, NotFound
from engine.models import forms
from engine.models.starts import StartMeta

from . import consent, petitions, public_form, taskform

PROCESS = "consumer_complaint"
# What a consumer knows and the centre needs, in the order asked; each required here.
ASKED = ("business_name", "category", "purchase_date", "claim_text", "claim_request")
# A complaint filed by the consumer is a first complaint to the centre (Art. 43).
GIVEN = {"request_type": "first_complaint"}
ACTOR_NAME = "consumer"   # the timeline's 當事人（線上） (webapp/people.py)
PERSON_ROOM = 200


@dataclass
class ComplaintForm:
    declared: StartMeta
    fields: list          # every field of the model's start form

    @property
    def asked(self) -> list:
        """The fields shown to a citizen, each required of them."""
        by_name = {f.name: f for f in self.fields}
        return [replace(by_name[n], required=True) for n in ASKED if n in by_name]


def load(conn, rt) -> ComplaintForm:
    """The latest deployed model's start form (NotFound when not deployed)."""
    defn = rt.specs.get(conn, rt.specs.latest_id(conn, PROCESS))
    meta = defn.tasks.get(defn.meta.start.task) if defn.meta.start else None
    if meta is None:
        raise NotFound(f"'{PROCESS}' declares no start form")
    return ComplaintForm(defn.meta.start, meta.fields)


@dataclass
class Filed:
    values: dict          # the asked fields, raw (dates as ISO when typed in ROC)
    person: dict          # name, email, phone
    agreed: bool          # the consent box (webapp/consent.py)


def read(cf: ComplaintForm, form) -> Filed:
    person = {k: str(form.get(k, "")).strip()[:PERSON_ROOM] for k in public_form.PERSON_KEYS}
    return Filed(taskform.submitted(cf.asked, form), person, consent.given(form))


def check(cf: ComplaintForm, filed: Filed) -> tuple[dict, dict]:
    """(clean values of the asked fields, errors by field), all errors at once.
    A model field's error stays the engine's FieldError (the page's
    `field_error` filter words it, e.g. a date after today in ROC), except a
    missing or unknown answer, worded for a citizen as on the petition form.
    `today` is the request's clock's (webapp/request_clock.py)."""
    clean, errors = {}, {}
    try:
        clean = forms.validate(cf.asked, filed.values, set())
    except InvalidData as exc:
        chosen = {f.name for f in cf.asked if f.type == "choice"}
        for name, err in exc.errors.items():
            plain = getattr(err, "code", None) in ("required", "not_choice")
            errors[name] = public_form.field_message(err, name in chosen) if plain else err
    errors.update(public_form.person_errors(filed.person, anonymous=False))
    if not filed.agreed:
        errors[consent.FIELD] = str(consent.COMPLAINT.refused)
    return clean, errors


def start(rt, cf: ComplaintForm, clean: dict, person: dict) -> petitions.Receipt:
    """Start the case as the centre's staff start a first complaint from the
    web: the start form completed with the model's defaults, the consumer as
    its petitioner (case number + status password), all in one transaction."""
    password = petitions.new_password()
    values = {**taskform.defaults(cf.fields), **GIVEN, **clean, **_person_fields(cf, person)}
    data = {"title": cf.declared.title_for(values), "channel": "web",
            **consent.recorded(consent.COMPLAINT)}
    who = {"name": person["name"], "email": person["email"] or None, "phone": person["phone"] or None,
           "status_password_hash": petitions.password_hash(password)}
    started = start_filled(rt, PROCESS, [Start(values, data, who)], actor=_registrar(cf.declared))
    return petitions.Receipt(started[0]["id"], started[0]["number"], password)


def _person_fields(cf: ComplaintForm, person: dict) -> dict:
    """The name and contact where the model keeps them (`petitioner="name contact"`)."""
    names = list(cf.declared.petitioner)
    contact = " / ".join(v for v in (person["phone"], person["email"]) if v)
    out = {names[0]: person["name"]} if names else {}
    if len(names) > 1:
        room = next((f.maxlength for f in cf.fields if f.name == names[1]), None) or PERSON_ROOM
        out[names[1]] = contact[:room]
    return out


def _registrar(declared: StartMeta) -> Actor:
    """The web registers the complaint on behalf of the office the model says
    registers it (`agencies`, `roles`): the timeline names the consumer."""
    agency = declared.agencies[0] if declared.agencies else None
    return Actor(ACTOR_NAME, agency, frozenset(declared.roles[:1]))


def beside_fields(cf: ComplaintForm, exc: Exception) -> dict:
    """The errors of a refused start that belong beside a field the citizen
    sees (the model may have changed since the form was checked)."""
    asked = {f.name for f in cf.asked}
    return {k: v for k, v in getattr(exc, "errors", {}).items() if k in asked}


def page(cf: ComplaintForm, values, errors: dict, status: int = 200):
    """The form, again with what was typed and each error beside its field."""
    return render_template("public/complaint.html", fields=cf.asked, values=values,
                           errors=errors, consent=consent.COMPLAINT), status
