"""The connection settings' names as an administrator reads them (the page's
labels, the audit trail's "which settings changed"), never SMTP_HOST."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.data.connection_settings import SECRETS

from ...labels import agency_name, role_label

SETTING_LABELS = {
    "SMTP_HOST": _l("Mail server address"), "SMTP_PORT": _l("Port"),
    "SMTP_USER": _l("Sign-in account"), "SMTP_PASSWORD": _l("Sign-in password"),
    "SMTP_STARTTLS": _l("Encrypt the connection (STARTTLS)"),
    "MAIL_FROM": _l("Sender address"),
    "OIDC_ISSUER": _l("Issuer address"), "OIDC_CLIENT_ID": _l("Client ID"),
    "OIDC_CLIENT_SECRET": _l("Client secret"), "OIDC_SCOPE": _l("Scope"),
    "OIDC_USERNAME_CLAIM": _l("Claim naming the account"),
    "OIDC_AGENCY_CLAIM": _l("Claim naming the agency"),
    "OIDC_ROLES_CLAIM": _l("Claim naming the roles"),
    "OIDC_DEFAULT_AGENCY": _l("Agency of a new account"),
    "OIDC_DEFAULT_ROLES": _l("Roles of a new account"),
}
SECTION_LABELS = {"mail": _l("Mail server"), "sso": _l("Single sign-on")}


def setting_label(name: str) -> str:
    return str(SETTING_LABELS.get(name, name))


def section_label(code: str) -> str:
    return str(SECTION_LABELS.get(code, code))


def setting_value(name: str, value) -> str:
    """A setting's value as the page and the audit trail show it (a secret:
    only whether it is set; an agency by its name, roles by their labels)."""
    if name in SECRETS:
        return _("Set") if value else _("Not set")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if not value and value != 0:
        return "—"
    if name == "OIDC_DEFAULT_ROLES":
        return "、".join(role_label(r.strip()) for r in str(value).split(",") if r.strip())
    if name == "OIDC_DEFAULT_AGENCY":
        return agency_name(value)
    return str(value)


def setting_changes(changes: dict, colon: str, sep: str) -> str:
    """An audit record's {name: {before, after}} in words:
    登入服務位址（Issuer）：https://a → https://b."""
    shown = ((name, setting_value(name, c.get("before")), setting_value(name, c.get("after")))
             for name, c in changes.items() if isinstance(c, dict))
    return sep.join(f"{setting_label(name)}{colon}{before} → {after}"
                    for name, before, after in shown if before != after)   # not "— → —"
