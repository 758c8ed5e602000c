"""/admin/connections (連線設定): the mail server, then the single sign-on,
kept in the database (engine/data/connection_settings.py) so an administrator
needs no shell and no restart. A setting the server's environment sets is
shown read-only ("set on the server"). Each save is one transaction with its
audit record; a save against settings someone changed meanwhile is refused
(409) and the page shows what they saved. The issuer is checked as typed,
before a save puts it in force for everyone. Administrators only (scope.py)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from engine.data import connection_settings as store

from ... import connections, oidc
from ...extensions import clock, db
from ...people import person_name
from . import bp
from .connection_checks import check_issuer, send_test
from .connection_forms import (
    FIELDS,
    MailForm,
    SsoForm,
    TestMailForm,
    issuer_valid,
    submitted,
    without,
)
from .connection_words import section_label, setting_label, setting_value
from .forms import agency_choices, role_choices
from . import kept_secrets

FORMS = {"mail": MailForm, "sso": SsoForm}


@bp.route("/connections")
def connections_index():
    return _page()


@bp.route("/connections/<section>", methods=["POST"])
def connections_save(section):
    if section not in FORMS:
        return _page(status=404)
    form = _form(section, formdata=request.form)
    if not kept_secrets.validate(form):   # a secret typed waits, sealed, for the next try
        return _page(**{section: form}, status=422)
    try:
        with db().begin() as conn:
            changed = store.save(conn, section, submitted(form, section),
                                 version=_version(form), sealer=connections.sealer(),
                                 actor=current_user.username, now=clock().now())
    except store.Conflict as exc:
        return _page(conflict=exc.stored, status=409)
    flash(_("%(section)s saved: it is in force now.", section=section_label(section))
          if changed else _("Nothing was changed."), "success")
    return redirect(url_for("admin.connections_index", _anchor=section + "-h"))


@bp.route("/connections/mail/test", methods=["POST"])
def connections_test_mail():
    form = TestMailForm(formdata=request.form)
    if not form.validate():
        return _page(test_form=form, status=422)
    current = connections.current()
    outcome = send_test(connections.smtp_settings(current), form.address.data.strip(),
                        clock().now())
    return _page(test_form=form, mail_result=outcome, current=current)


@bp.route("/connections/sso/check", methods=["POST"])
def connections_check_issuer():
    """The single sign-on form's check button: asks the issuer as typed, saves
    nothing (a save is in force at once), and shows the page again with what
    was typed and the outcome beside the issuer (a secret typed is kept for
    the save, never shown)."""
    FlaskForm().validate_on_submit() or abort(400)
    current = connections.current()
    form = _form("sso", formdata=request.form)
    for field in kept_secrets.take(form):
        form[field].errors = [kept_secrets.LOST]
    kept_secrets.keep(form)
    if not issuer_valid(form):
        return _page(sso=form, current=current, status=422)
    outcome = check_issuer(_issuer_to_check(form, current))
    return _page(sso=form, issuer_result=outcome, current=current)


def _issuer_to_check(form, current) -> str:
    """The issuer typed (empty: none typed); the one in force when the form
    has no issuer field (pinned on the server) or the post did not send it."""
    if "issuer" in form and "issuer" in request.form:
        return (form.issuer.data or "").strip()
    return current.get("OIDC_ISSUER") or ""


def _form(section: str, current=None, stored=None, formdata=None):
    """The section's form: as submitted (`formdata`), else showing `current`."""
    data = _shown(section, current, stored) if formdata is None else None
    form = FORMS[section](formdata=formdata, data=data)
    if section == "sso":
        with db().connect() as conn:
            form.default_agency.choices = [("", _("(none: an unknown person is refused)"))] \
                + agency_choices(conn)
        form.default_roles.choices = role_choices()
        form.default_roles.type = "CheckboxesField"
    return without(form, connections.pinned(), section)


def _shown(section: str, current: dict, stored: store.Stored) -> dict:
    """The form's values: the settings in force (secrets never)."""
    data = {field: current.get(name) for field, name in FIELDS[section].items()
            if name not in store.SECRETS}
    if section == "sso":
        data["default_roles"] = [r for r in (data.get("default_roles") or "").split(",") if r]
        data["default_agency"] = data.get("default_agency") or ""
    data["version"] = stored.version
    return data


def _stored(section: str) -> store.Stored:
    with db().connect() as conn:
        return store.load(conn, section)


def _version(form) -> int:
    try:
        return int(form.version.data or 0)
    except ValueError:
        return -1   # a tampered version never matches: a conflict, nothing saved


def _page(status: int = 200, conflict=None, current=None, **parts):
    """The page; `current` (the settings in force) is read once per request."""
    current = connections.current() if current is None else current
    stored = {s: _stored(s) for s in FORMS}
    forms = {s: parts.pop(s, None) or _form(s, current, stored[s]) for s in FORMS}
    seal = connections.sealer()
    secrets = {name: store.secret_state(stored[s], name, seal)
               for s in FORMS for name in store.SECRETS if name in store.SECTIONS[s]}
    return render_template(
        "admin/connections.html", forms=forms, stored=stored, secrets=secrets,
        pinned=connections.pinned(), current=current, conflict=conflict,
        pinned_shown={n: setting_value(n, current.get(n)) for n in connections.pinned()},
        store_sections=store.SECTIONS, sso_on=oidc.enabled(current), unusable=current.unusable,
        test_form=parts.pop("test_form", None) or TestMailForm(formdata=None),
        section_label=section_label, setting_label=setting_label, person_name=person_name,
        **parts), status

