"""Sending one email through the site's SMTP server (settings: mail_server, mail_port,
mail_login, mail_password, use_tls, auto_email_sender)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from lowcode.context import local
from lowcode.exceptions import ConfigurationError

log = logging.getLogger(__name__)


def build_message(recipients: Sequence[str], subject: str, text: str, html: str | None = None,
                  sender: str | None = None, attachments: Sequence[tuple[str, bytes, str]] = ()) -> EmailMessage:  # fmt: skip
    message = EmailMessage()
    message["From"] = sender or formataddr(("", str(local.site.get("auto_email_sender"))))
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=local.site.name)
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    for filename, content, mimetype in attachments:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    return message


def send(message: EmailMessage) -> None:
    """Deliver now; raise ConfigurationError with what to set when no server is configured."""
    site = local.site
    host = site.get("mail_server")
    if not host:
        raise ConfigurationError(
            "No mail server is configured. Set one with `lowcode set-config mail_server HOST` (and mail_port, mail_login, mail_password)."
        )
    port = int(site.get("mail_port") or 25)
    with smtplib.SMTP(str(host), port, timeout=30) as server:
        if int(site.get("use_tls") or 0):
            server.starttls()
        if site.get("mail_login"):
            server.login(str(site.get("mail_login")), str(site.get("mail_password") or ""))
        server.send_message(message)
    log.info("sent mail %r to %s", message["Subject"], message["To"])
