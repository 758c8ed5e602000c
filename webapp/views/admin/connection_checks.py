"""The two checks of /admin/connections, each answering in the reader's words
with the library's own text kept as the technical detail: a test message to
an address the administrator types, and whether the single sign-on's issuer
answers with its discovery document."""
from __future__ import annotations

import smtplib
import socket
from dataclasses import dataclass
from datetime import datetime

import requests
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from engine.scheduling.mail_check import send_test as send
from engine.scheduling.outbox import SmtpSettings

from ...oidc import discovery_url
from .actions import mail_error

TIMEOUT = 10   # seconds: the page waits for the answer

# What a test message's failure means, before the words the outbox page uses.
SMTP_WORDS = (
    (socket.gaierror, _l("No mail server has this name: check the server address.")),
    (smtplib.SMTPAuthenticationError,
     _l("The mail server refused the account or the password.")),
    (smtplib.SMTPSenderRefused, _l("The mail server refused the sender address.")),
    (smtplib.SMTPNotSupportedError,
     _l("The mail server does not offer what was asked (an encrypted connection or a "
        "sign-in): check the encryption box and the account.")),
    (TimeoutError, _l("The mail server did not answer in time: check the address and port.")),
    (ConnectionRefusedError,
     _l("The mail server refused the connection: check the address and port.")),
)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    words: str
    detail: str = ""


def send_test(values: dict, address: str, now: datetime) -> Outcome:
    smtp = SmtpSettings.from_config(values)
    if not smtp.enabled:
        return Outcome(False, _("Mail is not configured yet: enter the mail server and save first."))
    smtp = SmtpSettings(**{**smtp.__dict__, "timeout": TIMEOUT})
    try:
        send(smtp, address, _("civicflow test message"),
             _("This message tests the mail settings of civicflow. "
               "Citizens' notices are sent the same way."), now)
    except (OSError, smtplib.SMTPException) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        return Outcome(False, _smtp_words(exc, detail), detail)
    return Outcome(True, _("The mail server accepted the test message to %(address)s: "
                           "check that it arrived.", address=address))


def _smtp_words(exc: Exception, detail: str) -> str:
    for kind, words in SMTP_WORDS:
        if isinstance(exc, kind):
            return str(words)
    return mail_error(detail)


def check_issuer(issuer: str) -> Outcome:
    if not issuer:
        return Outcome(False, _("No issuer is set yet: enter its address and save first."))
    url = discovery_url(issuer)
    try:
        answer = requests.get(url, timeout=TIMEOUT)
    except requests.RequestException as exc:
        return Outcome(False, _("The issuer did not answer: %(url)s could not be reached.",
                                url=url), f"{type(exc).__name__}: {exc}")
    if answer.status_code != 200:
        return Outcome(False, _("The issuer answered with an error (HTTP %(status)s) instead of "
                                "its sign-on settings.", status=answer.status_code), url)
    return _discovery(answer, issuer, url)


def _discovery(answer, issuer: str, url: str) -> Outcome:
    try:
        document = answer.json()
    except ValueError:
        document = None
    if not isinstance(document, dict) or not document.get("authorization_endpoint"):
        return Outcome(False, _("The issuer answered, but not with sign-on settings: "
                                "check the address."), url)
    named = str(document.get("issuer") or "")
    if named.rstrip("/") != issuer.rstrip("/"):
        return Outcome(False, _("The issuer answered, but calls itself %(named)s: enter "
                                "that address as the issuer.", named=named), url)
    return Outcome(True, _("The issuer answered: single sign-on can be used."), url)
