"""The connection settings' names as an administrator reads them (the page's
labels, the audit trail's "which settings changed"), never SMTP_HOST."""
from flask_babel import lazy_gettext as _l

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
