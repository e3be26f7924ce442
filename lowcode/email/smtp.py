"""Sending one email through SMTP: the default outgoing Email Account, else the site's
`mail_server` settings (mail_port, mail_login, mail_password, use_tls, auto_email_sender)."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from lowcode.context import local
from lowcode.exceptions import ConfigurationError

log = logging.getLogger(__name__)
TIMEOUT = 30


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    use_tls: bool = False
    use_ssl: bool = False
    login: str | None = None
    password: str | None = None
    account: str | None = None


def outgoing_settings() -> SmtpSettings | None:
    """The default outgoing Email Account, else the site config's mail server, else None."""
    from lowcode.db.query import get_all
    from lowcode.meta.cache import all_metas

    if "Email Account" in all_metas(local.site):
        fields = ["name", "email_id", "smtp_server", "smtp_port", "use_tls", "use_ssl", "login_id"]
        rows = get_all(
            "Email Account", filters={"enable_outgoing": 1}, fields=fields, order_by="default_outgoing desc, creation asc", limit=1
        )
        if rows:
            from lowcode.auth.secrets import get_secret

            row = rows[0]
            return SmtpSettings(
                host=row["smtp_server"], port=int(row["smtp_port"] or 25), sender=row["email_id"], use_tls=bool(row["use_tls"]),
                use_ssl=bool(row["use_ssl"]), login=row["login_id"] or None, password=get_secret("Email Account", row["name"], "password"),
                account=row["name"],
            )  # fmt: skip
    site = local.site
    if not site.get("mail_server"):
        return None
    return SmtpSettings(
        host=str(site.get("mail_server")), port=int(site.get("mail_port") or 25), sender=str(site.get("auto_email_sender")),
        use_tls=bool(int(site.get("use_tls") or 0)), login=site.get("mail_login") or None, password=site.get("mail_password") or None,
    )  # fmt: skip


def can_send() -> bool:
    return outgoing_settings() is not None


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


def send(message: EmailMessage, settings: SmtpSettings | None = None) -> None:
    """Deliver now; raise ConfigurationError with what to set when no server is configured."""
    settings = settings or outgoing_settings()
    if settings is None:
        raise ConfigurationError(
            "No mail server is configured. Add an Email Account (or `lowcode set-config mail_server HOST`, with mail_port, mail_login, mail_password)."
        )
    smtp_class = smtplib.SMTP_SSL if settings.use_ssl else smtplib.SMTP
    with smtp_class(settings.host, settings.port, timeout=TIMEOUT) as server:
        if settings.use_tls:
            server.starttls()
        if settings.login:
            server.login(settings.login, settings.password or "")
        server.send_message(message)
    log.info("sent mail %r to %s", message["Subject"], message["To"])
