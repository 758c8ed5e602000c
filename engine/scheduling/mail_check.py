"""A test message, sent at once (not through the outbox) so the administrator
setting up the mail server sees at once whether it takes mail
(webapp/views/admin/connections.py). Errors are raised as smtplib and the
socket raise them; the caller words them."""
from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from .outbox import SmtpSettings, _connect


def send_test(smtp: SmtpSettings, recipient: str, subject: str, body: str,
              now: datetime) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = smtp.sender, recipient, subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid("test", smtp.sender.rpartition("@")[2] or "localhost")
    msg.set_content(body)
    with _connect(smtp) as client:
        client.send_message(msg)
