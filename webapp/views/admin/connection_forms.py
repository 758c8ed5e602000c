"""The forms of /admin/connections: the mail server, the single sign-on, a
test message's address. Each field is one setting (FIELDS); a setting the
server's environment pins is taken out of its form (`without`), so it is
neither checked nor saved. Messages are the catalogue's, beside the field."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, PasswordField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from .connection_words import SETTING_LABELS as L
from .forms import CheckboxesField, ChoiceField

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MESSAGE = _l("Enter an e-mail address, e.g. civicflow@kcg.gov.tw.")
HOST = r"^[A-Za-z0-9.-]+$"

# form field -> the setting it holds
FIELDS = {
    "mail": {"host": "SMTP_HOST", "port": "SMTP_PORT", "user": "SMTP_USER",
             "password": "SMTP_PASSWORD", "starttls": "SMTP_STARTTLS", "sender": "MAIL_FROM"},
    "sso": {"issuer": "OIDC_ISSUER", "client_id": "OIDC_CLIENT_ID",
            "client_secret": "OIDC_CLIENT_SECRET", "scope": "OIDC_SCOPE",
            "username_claim": "OIDC_USERNAME_CLAIM", "agency_claim": "OIDC_AGENCY_CLAIM",
            "roles_claim": "OIDC_ROLES_CLAIM", "default_agency": "OIDC_DEFAULT_AGENCY",
            "default_roles": "OIDC_DEFAULT_ROLES"},
}
# Each with a "clear it" box, clear_<field>, and kept_<field>: what was typed,
# sealed, when the form came back refused (kept_secrets.py).
SECRET_FIELDS = {"password", "client_secret"}


def _email(form, field):
    if field.data and not EMAIL.match(field.data.strip()):
        raise ValidationError(EMAIL_MESSAGE)


class PortField(IntegerField):
    """A whole number, or the catalogue's message (not WTForms' own)."""
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter the port as a number between 1 and 65535.")) from None


class MailForm(FlaskForm):
    version = HiddenField()
    host = StringField(L["SMTP_HOST"], validators=[
        Optional(), Length(max=253, message=_l("At most 253 characters.")),
        Regexp(HOST, message=_l("Enter the server's name or address, e.g. smtp.kcg.gov.tw."))])
    port = PortField(L["SMTP_PORT"], default=25, validators=[
        InputRequired(_l("Enter the port as a number between 1 and 65535.")),
        NumberRange(1, 65535, message=_l("Enter the port as a number between 1 and 65535."))])
    user = StringField(L["SMTP_USER"], validators=[
        Length(max=200, message=_l("At most 200 characters."))])
    password = PasswordField(L["SMTP_PASSWORD"], validators=[
        Length(max=500, message=_l("At most 500 characters."))])
    clear_password = BooleanField(_l("Clear the saved password"))
    kept_password = HiddenField()
    starttls = BooleanField(L["SMTP_STARTTLS"])
    sender = StringField(L["MAIL_FROM"], validators=[
        Length(max=200, message=_l("At most 200 characters.")), _email])

    def validate_sender(self, field):
        host = self._fields.get("host")
        if host is not None and host.data and not (field.data or "").strip():
            raise ValidationError(_l("Enter the sender address citizens see on the notices."))


class SsoForm(FlaskForm):
    version = HiddenField()
    issuer = StringField(L["OIDC_ISSUER"], validators=[
        Length(max=300, message=_l("At most 300 characters."))])
    client_id = StringField(L["OIDC_CLIENT_ID"], validators=[
        Length(max=200, message=_l("At most 200 characters."))])
    client_secret = PasswordField(L["OIDC_CLIENT_SECRET"], validators=[
        Length(max=500, message=_l("At most 500 characters."))])
    clear_client_secret = BooleanField(_l("Clear the saved client secret"))
    kept_client_secret = HiddenField()
    scope = StringField(L["OIDC_SCOPE"], default="openid email profile", validators=[
        Length(max=200, message=_l("At most 200 characters."))])
    username_claim = StringField(L["OIDC_USERNAME_CLAIM"], default="preferred_username",
                                 validators=[DataRequired(_l("Enter the claim naming the account, "
                                                             "e.g. preferred_username.")),
                                             Length(max=64, message=_l("At most 64 characters."))])
    agency_claim = StringField(L["OIDC_AGENCY_CLAIM"], validators=[
        Length(max=64, message=_l("At most 64 characters."))])
    roles_claim = StringField(L["OIDC_ROLES_CLAIM"], validators=[
        Length(max=64, message=_l("At most 64 characters."))])
    default_agency = ChoiceField(L["OIDC_DEFAULT_AGENCY"], _l("Choose an agency from the list."))
    default_roles = CheckboxesField(L["OIDC_DEFAULT_ROLES"])

    def validate_issuer(self, field):
        value = (field.data or "").strip()
        if value and not re.match(r"^https://[^\s/]+(/\S*)?$", value):
            raise ValidationError(_l("Enter the issuer's address starting with https://, "
                                     "e.g. https://sso.kcg.gov.tw/realms/city."))

    def validate_scope(self, field):
        if (field.data or "").strip() and "openid" not in field.data.split():
            raise ValidationError(_l("The scope must include openid."))


class TestMailForm(FlaskForm):
    address = StringField(_l("Send a test message to"), validators=[
        DataRequired(EMAIL_MESSAGE), Length(max=200, message=_l("At most 200 characters.")),
        _email])


def issuer_valid(form) -> bool:
    """The issuer field alone, checked as a save checks it (its error beside
    it): the check saves nothing, so the other fields wait for the save."""
    if "issuer" not in form:
        return True   # pinned on the server: nothing typed to check
    return form.issuer.validate(form, [type(form).validate_issuer])


def without(form, pinned: frozenset, section: str):
    """The form without the fields of pinned settings (and a secret's clear
    box and kept text)."""
    for field, name in FIELDS[section].items():
        if name in pinned:
            del form[field]
            if field in SECRET_FIELDS:
                del form["clear_" + field]
                del form["kept_" + field]
    return form


def submitted(form, section: str) -> dict:
    """{setting: value} of the fields the form still has; a secret left
    empty is kept (None), cleared when its box is ticked."""
    values = {}
    for field, name in FIELDS[section].items():
        if field not in form:
            continue
        data = form[field].data
        if field in SECRET_FIELDS:
            data = "" if form["clear_" + field].data else (data or None)
        elif isinstance(data, str):
            data = data.strip()
        elif isinstance(data, list):
            data = ",".join(data)
        values[name] = data
    return values
