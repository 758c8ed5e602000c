"""The two checks of /admin/connections, each answering in the reader's words
with the library's own text kept as the technical detail: a test message to
an address the administrator types, and whether the single sign-on's issuer
answers with its discovery document."""
from __future__ import annotations

import json
import smtplib
from dataclasses import dataclass, replace
from datetime import datetime

import requests
from flask_babel import gettext as _

from engine.scheduling.mail_check import send_test as send
from engine.scheduling.outbox import SmtpSettings

from ...oidc import discovery_url
from .actions import mail_error

TIMEOUT = 10   # seconds: the page waits for a test message
ISSUER_TIMEOUT = (3, 5)   # seconds to connect, then between bytes: the page waits
ISSUER_MAX_BYTES = 256 * 1024   # a discovery document is a few KB
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Outcome:
    ok: bool
    words: str
    detail: str = ""


def send_test(smtp: SmtpSettings, address: str, now: datetime) -> Outcome:
    if smtp.unreadable:
        return Outcome(False, _("The saved password cannot be read (the system's secret key "
                                "was changed): enter the password again and save first."))
    if not smtp.enabled:
        return Outcome(False, _("Mail is not configured yet: enter the mail server and save first."))
    try:
        send(replace(smtp, timeout=TIMEOUT), address, _("civicflow test message"),
             _("This message tests the mail settings of civicflow. "
               "Citizens' notices are sent the same way."), now)
    except (OSError, smtplib.SMTPException) as exc:
        detail = f"{type(exc).__name__}: {exc}"
        return Outcome(False, mail_error(detail), detail)
    return Outcome(True, _("The mail server accepted the test message to %(address)s: "
                           "check that it arrived.", address=address))


def check_issuer(issuer: str) -> Outcome:
    """Asks once, never following a redirect (the issuer is the address typed:
    a redirect would check another), and reads at most ISSUER_MAX_BYTES."""
    if not issuer:
        return Outcome(False, _("No issuer is typed: type its address above, then press "
                                "Check the issuer."))
    url = discovery_url(issuer)
    try:
        with requests.get(url, allow_redirects=False, stream=True,
                          timeout=ISSUER_TIMEOUT) as answer:
            return _answered(answer, issuer, url)
    except requests.RequestException as exc:
        return Outcome(False, _("The issuer did not answer: %(url)s could not be reached.",
                                url=url), f"{type(exc).__name__}: {exc}")


def _answered(answer, issuer: str, url: str) -> Outcome:
    if answer.status_code in REDIRECTS:
        where = answer.headers.get("Location") or "—"
        return Outcome(False, _("The issuer sent the request on to %(where)s instead of "
                                "answering: enter the issuer's own address (the one its "
                                "settings name).", where=where), url)
    if answer.status_code != 200:
        return Outcome(False, _("The issuer answered with an error (HTTP %(status)s) instead of "
                                "its sign-on settings.", status=answer.status_code), url)
    body = _capped(answer)
    if body is None:
        return Outcome(False, _("The issuer's answer is too large to be sign-on settings: "
                                "check the address."), url)
    return _discovery(body, issuer, url)


def _capped(answer) -> bytes | None:
    """The body, or None past ISSUER_MAX_BYTES (read no further)."""
    body = b""
    for chunk in answer.iter_content(chunk_size=16 * 1024):
        body += chunk
        if len(body) > ISSUER_MAX_BYTES:
            return None
    return body


def _discovery(body: bytes, issuer: str, url: str) -> Outcome:
    try:
        document = json.loads(body)
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
