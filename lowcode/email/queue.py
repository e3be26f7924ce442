"""Queued outgoing email: `send` records an `Email Queue` row, `flush` delivers due rows.

A send is written in the caller's transaction and flushed by a background job once it
commits (inline without Redis); the scheduler also flushes every minute, which picks up
`send_after` mail and retries. A failed delivery is retried with exponential backoff
(1, 2, 4 ... minutes) until `email_retry_limit`, then marked Error with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Sequence
from email.utils import parseaddr
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.email.attachments import normalize_attachments, resolve_attachments
from lowcode.email.smtp import build_message, outgoing_settings
from lowcode.email.smtp import send as smtp_send
from lowcode.exceptions import ValidationError
from lowcode.utils.dates import now

log = logging.getLogger(__name__)
DOCTYPE = "Email Queue"
EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
BACKOFF_SECONDS = 60
#: a row left in Sending this long (its process died) is sent again
STUCK_AFTER = dt.timedelta(minutes=15)


def send(recipients: str | Sequence[str], subject: str, message: str, *, reference_doctype: str | None = None,
         reference_name: str | None = None, attachments: Sequence[dict[str, Any]] | None = None,
         send_after: dt.datetime | None = None, timeline: tuple[str, str] | None = None) -> str:  # fmt: skip
    """Queue an email (HTML `message`); returns the Email Queue name. Delivered after commit.

    It shows on the timeline of the reference document and of `timeline` (doctype, name), if given.
    """
    from lowcode.jobs import enqueue
    from lowcode.model.document import new_doc

    addresses = parse_recipients(recipients)
    subject = " ".join(str(subject or "").split())  # one line: a header cannot hold line breaks
    if not subject:
        raise ValidationError("Email Queue: an email needs a subject.", doctype=DOCTYPE, fieldname="subject")
    if bool(reference_doctype) != bool(reference_name):
        raise ValidationError(
            "Email Queue: give both reference_doctype and reference_name, or neither.", doctype=DOCTYPE, fieldname="reference_name"
        )
    files = normalize_attachments(attachments or [])
    settings = outgoing_settings()
    doc = new_doc(DOCTYPE, recipients="\n".join(addresses), subject=str(subject).strip(), message=message, status="Not Sent",
                  retry=0, send_after=send_after, reference_doctype=reference_doctype, reference_name=reference_name,
                  timeline_doctype=timeline[0] if timeline else None, timeline_name=timeline[1] if timeline else None,
                  attachments=json.dumps(files) if files else None, sender=settings.sender if settings else None,
                  email_account=settings.account if settings else None)  # fmt: skip
    doc.insert(ignore_permissions=True)
    if send_after is None or send_after <= now():
        enqueue("lowcode.email.queue.flush", queue="short", job_name=f"email:{doc.name}", names=[doc.name])
    return str(doc.name)


def parse_recipients(recipients: str | Sequence[str]) -> list[str]:
    """The addresses of 'a@x.com, Ana <ana@x.com>; b@x.com' (or a list of such), each once; a bad one is refused."""
    items = re.split(r"[,;\n]", recipients) if isinstance(recipients, str) else list(recipients)
    addresses = list(dict.fromkeys(_address(str(a)) for a in items if str(a).strip()))
    if not addresses:
        raise ValidationError("Email Queue: give at least one recipient.", doctype=DOCTYPE, fieldname="recipients")
    bad = [a for a in addresses if not EMAIL_RE.match(a)]
    if bad:
        raise ValidationError(f"Email Queue: not an email address: {', '.join(bad[:5])}.", doctype=DOCTYPE, fieldname="recipients")
    return addresses


def flush(names: list[str] | None = None, limit: int = 100) -> dict[str, int]:
    """Deliver due emails (or just `names`), each in its own commit; returns counts by outcome."""
    table = get_table(DOCTYPE)
    stamp = now()
    local.db.execute(table.update().where(table.c.status == "Sending", table.c.modified < stamp - STUCK_AFTER).values(status="Not Sent"))
    query = sa.select(table.c.name).where(table.c.status == "Not Sent", sa.or_(table.c.send_after.is_(None), table.c.send_after <= stamp))
    if names is not None:
        query = query.where(table.c.name.in_(names))
    due = list(local.db.execute(query.order_by(table.c.creation).limit(limit)).scalars())
    local.db.commit()
    counts = {"Sent": 0, "Not Sent": 0, "Error": 0}
    for name in due:
        outcome = send_one(name)
        if outcome:
            counts[outcome] += 1
    return counts


def send_one(name: str) -> str | None:
    """Claim one row (Not Sent -> Sending), deliver it, record the outcome; None if another flush has it."""
    table = get_table(DOCTYPE)
    claimed = local.db.execute(
        table.update().where(table.c.name == name, table.c.status == "Not Sent").values(status="Sending", modified=now())
    )
    if claimed.rowcount != 1:
        local.db.rollback()
        return None
    row = local.db.execute(table.select().where(table.c.name == name)).mappings().one()
    local.db.commit()
    try:
        settings = outgoing_settings()
        message = build_message(row["recipients"].split("\n"), row["subject"], plain_text(row["message"] or ""), row["message"] or None,
                                sender=settings.sender if settings else None,
                                attachments=resolve_attachments(json.loads(row["attachments"] or "[]")))  # fmt: skip
        smtp_send(message, settings)
    except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row and retried
        local.db.rollback()
        return _record_failure(name, int(row["retry"] or 0) + 1, f"{type(exc).__name__}: {exc}")
    local.db.execute(table.update().where(table.c.name == name).values(
        status="Sent", sent_at=now(), error=None, message_id=str(message["Message-ID"]), modified=now(),
    ))  # fmt: skip
    local.db.commit()
    return "Sent"


def _record_failure(name: str, retry: int, error: str) -> str:
    table = get_table(DOCTYPE)
    limit = int(local.site.get("email_retry_limit"))
    status = "Error" if retry >= limit else "Not Sent"
    later = now() + dt.timedelta(seconds=BACKOFF_SECONDS * 2 ** (retry - 1))
    local.db.execute(
        table.update().where(table.c.name == name).values(status=status, retry=retry, error=error, send_after=later, modified=now())
    )
    local.db.commit()
    log.warning("email %s failed (attempt %d of %d): %s", name, retry, limit, error)
    return status


def _address(text: str) -> str:
    """'Ana Ruiz <ana@x.com>' -> 'ana@x.com'; anything else stripped as it is."""
    name, address = parseaddr(text.strip())
    return address if name and address else text.strip()


def plain_text(html: str) -> str:
    from markupsafe import Markup

    return Markup(html.replace("</p>", "</p>\n").replace("<br>", "\n")).striptags() if "<" in html else html
