"""Queued email through a real SMTP server on loopback: delivery, attachments, retries, timeline."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

import lowcode
from lowcode.context import acting_as, site_context
from lowcode.db.tables import auth_table, get_table
from lowcode.docinfo import get_timeline
from lowcode.email.queue import flush, send
from lowcode.exceptions import ValidationError
from lowcode.utils.dates import now
from tests.platform.engines_world import APPROVER, make_world
from tests.platform.http_client import Client
from tests.platform.smtp_inbox import add_email_account, free_port

pytestmark = pytest.mark.usefixtures("smtp_inbox")


def queue_row(name: str) -> dict:
    return lowcode.get_all("Email Queue", filters={"name": name}, fields=["*"])[0]


def test_queued_email_is_sent_after_commit_with_attachments_and_shown_on_the_timeline(ctx, smtp_inbox):
    make_world()
    add_email_account(smtp_inbox.port)
    name = send(["info@acme.example", "boss@acme.example"], "Your offer", "<p>Hello <b>Acme</b></p>",
                reference_doctype="Test Customer", reference_name="Acme",
                attachments=[{"fname": "terms.txt", "content": "Pay in 30 days"}])  # fmt: skip
    assert queue_row(name)["status"] == "Not Sent" and smtp_inbox.messages == []
    lowcode.db.commit()
    [message] = smtp_inbox.wait_for(1)
    assert message["Subject"] == "Your offer" and message["To"] == "info@acme.example, boss@acme.example"
    assert message["From"] == "crm@example.com"
    parts = {part.get_content_type(): part for part in message.walk() if not part.get_filename()}
    assert "Hello Acme" in parts["text/plain"].get_payload(decode=True).decode()
    assert "<b>Acme</b>" in parts["text/html"].get_payload(decode=True).decode()
    [attachment] = [p for p in message.walk() if p.get_filename()]
    assert attachment.get_filename() == "terms.txt" and attachment.get_payload(decode=True) == b"Pay in 30 days"
    row = queue_row(name)
    assert row["status"] == "Sent" and row["sent_at"] and row["email_account"] == "Outgoing" and row["message_id"]
    emails = [e for e in get_timeline("Test Customer", "Acme") if e["type"] == "Email"]
    assert [(e["name"], e["subject"], e["status"]) for e in emails] == [(name, "Your offer", "Sent")]
    lowcode.db.rollback()
    page = Client(ctx.site.name, APPROVER).http.get("/app/test-customer/Acme")
    assert "Your offer" in page.text and "info@acme.example" in page.text


def test_failed_delivery_is_retried_with_backoff_then_marked_error(ctx):
    add_email_account(free_port())  # nothing listens there
    name = send("x@example.com", "Retry me", "body")
    lowcode.db.commit()
    row = queue_row(name)
    assert row["status"] == "Not Sent" and row["retry"] == 1 and "ConnectionRefusedError" in row["error"]
    assert dt.timedelta(seconds=50) < row["send_after"] - now() <= dt.timedelta(seconds=60)
    assert flush() == {"Sent": 0, "Not Sent": 0, "Error": 0}, "not due before the backoff ends"
    waits = []
    for _attempt in (2, 3):
        lowcode.db.execute(get_table("Email Queue").update().values(send_after=None))
        before = now()
        flush()
        waits.append(queue_row(name)["send_after"] - before)
    row = queue_row(name)
    assert row["status"] == "Error" and row["retry"] == 3
    assert waits[0] > dt.timedelta(seconds=110), "the second failure waits twice as long"


def test_smtp_password_is_encrypted_and_never_served(ctx, smtp_inbox):
    make_world()
    add_email_account(smtp_inbox.port, password="very-secret-pw")
    lowcode.db.commit()
    table = auth_table()
    stored = lowcode.db.execute(sa.select(table.c.password, table.c.encrypted).where(table.c.doctype == "Email Account")).all()
    assert len(stored) == 1 and stored[0].encrypted == 1 and "very-secret-pw" not in stored[0].password
    assert lowcode.get_doc("Email Account", "Outgoing").get_password("password") == "very-secret-pw"
    lowcode.db.rollback()
    answer = Client(ctx.site.name, APPROVER).http.get("/api/resource/Email Account/Outgoing")
    assert answer.status_code == 200 and "very-secret-pw" not in answer.text and "password" not in answer.json()["data"]


def test_bad_emails_are_refused_and_nothing_is_written(make_site):
    with site_context(make_site("sqlite")):
        check_bad_emails()


def check_bad_emails() -> None:
    for recipients, match in [([], "at least one recipient"), ("not-an-address", "not an email address")]:
        with pytest.raises(ValidationError, match=match):
            send(recipients, "s", "m")
    with pytest.raises(ValidationError, match="needs a subject"):
        send("a@example.com", " ", "m")
    with pytest.raises(ValidationError, match="attachment"):
        send("a@example.com", "s", "m", attachments=[{"file_url": "/private/files/../../site_config.json"}])
    assert lowcode.get_count("Email Queue") == 0


def test_a_document_print_is_attached_as_pdf_and_later_mail_waits(make_site, smtp_inbox):
    """PDF rendering does not depend on the database: SQLite only."""
    with site_context(make_site("sqlite")):
        check_print_attachment(smtp_inbox)


def check_print_attachment(smtp_inbox) -> None:
    from tests.platform.engines_world import CLERK, CLERK2, make_order

    make_world()
    add_email_account(smtp_inbox.port)
    order = make_order(CLERK)
    with acting_as(CLERK2), pytest.raises(lowcode.exceptions.PermissionError):
        send("a@example.com", "Offer", "see attached", attachments=[{"print": {"doctype": "Test Order", "name": order.name}}])
    later = send("b@example.com", "Later", "not yet", send_after=now() + dt.timedelta(hours=1))
    send("a@example.com", "Offer", "see attached", reference_doctype="Test Order", reference_name=order.name,
         attachments=[{"print": {"doctype": "Test Order", "name": order.name}}])  # fmt: skip
    lowcode.db.commit()
    [message] = smtp_inbox.wait_for(1)
    [pdf] = [p for p in message.walk() if p.get_filename()]
    assert pdf.get_filename() == f"{order.name}.pdf" and pdf.get_payload(decode=True).startswith(b"%PDF")
    assert queue_row(later)["status"] == "Not Sent"
    assert flush() == {"Sent": 0, "Not Sent": 0, "Error": 0}
    lowcode.db.execute(get_table("Email Queue").update().where(get_table("Email Queue").c.name == later).values(send_after=now()))
    assert flush()["Sent"] == 1 and smtp_inbox.wait_for(2)[1]["Subject"] == "Later"
