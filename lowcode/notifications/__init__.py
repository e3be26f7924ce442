"""In-app notifications (the desk's bell) and their email copies.

    lowcode.notifications.notify(["ana@example.com"], "Opportunity won", document_type="Opportunity",
                                 document_name="CRM-OPP-2026-00001", email=True)

`notify` writes one `Notification Log` per enabled user (only that user may read it),
pushes a realtime `notification` event after commit and, with `email=True`, queues an
email. Which users may be told about which document is the caller's decision; the
`Notification` rules (`rules.py`) and mentions (`mentions.py`) tell only users who may
read the document.
"""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import Markup

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError

TYPES = ("Alert", "Mention", "Assignment", "Share")


def notify(users: list[str], subject: str, *, document_type: str | None = None, document_name: str | None = None,
           message: str = "", type: str = "Alert", from_user: str | None = None, email: bool = False) -> list[str]:  # noqa: A002 # fmt: skip
    """Tell `users` (in the bell, and by email with `email=True`); returns the Notification Log names."""
    from lowcode import realtime
    from lowcode.model.document import new_doc

    if type not in TYPES:
        raise ValidationError(
            f"Notification Log: type must be one of {', '.join(TYPES)}, not '{type}'.", doctype="Notification Log", fieldname="type"
        )
    if not str(subject or "").strip():
        raise ValidationError("Notification Log: a notification needs a subject.", doctype="Notification Log", fieldname="subject")
    sender = from_user or local.user
    names = []
    for user, address in enabled_users(users).items():
        log = new_doc("Notification Log", for_user=user, from_user=sender if sender != "Guest" else None, subject=subject,
                      message=message, document_type=document_type, document_name=document_name, type=type, read=0, owner=user)  # fmt: skip
        log.flags.keep_owner = True
        log.insert(ignore_permissions=True)
        names.append(str(log.name))
        realtime.publish("notification", {"name": log.name, "subject": subject, "type": type, "document_type": document_type,
                                          "document_name": document_name}, user=user)  # fmt: skip
        if email and address:
            from lowcode.email import queue

            queue.send([address], subject, email_body(message or subject, document_type, document_name),
                       reference_doctype=document_type, reference_name=document_name)  # fmt: skip
    return names


def enabled_users(users: list[str]) -> dict[str, str | None]:
    """The enabled, real users among `users` (in order, once each) -> their email address."""
    wanted = list(dict.fromkeys(u for u in users if isinstance(u, str) and u and u not in ("Guest",)))
    if not wanted:
        return {}
    table = get_table("User")
    rows = local.db.execute(sa.select(table.c.name, table.c.email).where(table.c.name.in_(wanted), table.c.enabled == 1)).all()
    found = {row.name: row.email for row in rows}
    return {u: found[u] for u in wanted if u in found}


def email_body(message: str, document_type: str | None, document_name: str | None) -> str:
    """The message with a link to the document (HTML)."""
    body = str(message)
    if document_type and document_name:
        from urllib.parse import quote

        from lowcode.web.desk.render import slug

        url = f"{str(local.site.get('host_name')).rstrip('/')}/app/{slug(document_type)}/{quote(document_name, safe='')}"
        body += str(Markup('<p><a href="{}">{} {}</a></p>').format(url, document_type, document_name))
    return body


__all__ = ["notify"]
