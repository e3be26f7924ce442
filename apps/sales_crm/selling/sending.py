"""Sending a quotation by email: its PDF attached, the status set to Sent, the email on the timelines.

The email goes through the site's email queue (sent after the commit, retried on failure)
and shows on the quotation's timeline and on its customer's or lead's. Recipients, subject
and message have defaults: the quotation's contact (else the lead's or the customer's
primary contact's email), and a short text in the customer's language with the total,
the validity and the online acceptance link when the quotation has one.
"""

from __future__ import annotations

from html import escape
from typing import Any

from lowcode.context import local
from lowcode.db.query import get_all, get_value
from lowcode.email.queue import parse_recipients
from lowcode.email.queue import send as queue_send
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from lowcode.printing.helpers import Helpers
from sales_crm.selling.problems import refuse
from sales_crm.selling.quotation_status import DRAFT, SENT

#: statuses in which a quotation may be sent (again): not yet answered, or accepted and being ordered
SENDABLE = (DRAFT, SENT, "Accepted", "Partially Ordered", "Ordered")


def default_recipient(doc: Document) -> str | None:
    """The quotation's contact's email, else the lead's, else the customer's primary contact's."""
    if doc.contact:
        email = get_value("Contact", doc.contact, "email_id")
        if email:
            return str(email)
    if doc.quotation_to == "Lead":
        email = get_value("Lead", doc.party_name, "email_id")
        return str(email) if email else None
    dl = "Dynamic Link"
    contacts = get_all("Contact", fields=["email_id", "is_primary_contact"], order_by="is_primary_contact desc, creation asc",
                       filters=[[dl, "link_doctype", "=", "Customer"], [dl, "link_name", "=", doc.party_name], ["email_id", "is", "set"]])  # fmt: skip
    return str(contacts[0]["email_id"]) if contacts else None


def language_of(doc: Document) -> str:
    """The lead's language if it has one, else the user's, else the site's."""
    if doc.quotation_to == "Lead":
        language = get_value("Lead", doc.party_name, "language")
        if language:
            return str(language)
    return str(local.lang or local.site.get("language") or "en")


def default_subject(doc: Document, lang: str) -> str:
    return f"{'Presupuesto' if lang.startswith('es') else 'Quotation'} {doc.name}"


def default_message(doc: Document, lang: str) -> str:
    """A short HTML note: who it is for, the total, until when it is valid and the acceptance link."""
    helpers = Helpers(lang, str(doc.currency or local.site.get("currency") or "EUR"), set())
    total = helpers.format_currency(doc.rounded_total or doc.grand_total, doc.currency)
    until = helpers.format_date(doc.valid_till, "long")
    name, who = escape(str(doc.name)), escape(str(doc.customer_name or doc.party_name))
    if lang.startswith("es"):
        lines = [f"Estimado/a {who}:", f"Le adjuntamos nuestro presupuesto {name}, por un total de {total}, válido hasta el {until}."]
        accept = "Puede aceptarlo en línea aquí"
    else:
        lines = [f"Dear {who},", f"Please find attached our quotation {name} for {total}, valid until {until}."]
        accept = "You can accept it online here"
    if doc.acceptance_url:
        url = escape(str(doc.acceptance_url))
        lines.append(f'{accept}: <a href="{url}">{url}</a>')
    return "".join(f"<p>{line}</p>" for line in lines)


def send_quotation(doc: Document, recipients: Any = None, subject: str | None = None, message: str | None = None,
                   print_format: str | None = None, lang: str | None = None) -> str:  # fmt: skip
    """Queue the email with the quotation's PDF and mark a draft Sent; returns the Email Queue name."""
    if doc.docstatus == 2 or doc.status not in SENDABLE:
        refuse(doc, "status", f"is {doc.status}; only a draft, sent or accepted quotation can be emailed")
    to = parse_recipients(recipients) if recipients not in (None, "", []) else [default_recipient(doc)]
    if not to or not to[0]:
        raise ValidationError(
            f"Quotation '{doc.name}': nobody to send it to; give the recipients, or an email to its contact or {doc.quotation_to.lower()}.",
            doctype="Quotation", name=doc.name, fieldname="recipients",
        )  # fmt: skip
    if doc.docstatus == 0:
        doc.mark_sent()  # checks the approval and saves; a failure below undoes it with the rest
    lang = lang or language_of(doc)
    attachment = {"print": {"doctype": "Quotation", "name": doc.name, "print_format": print_format, "lang": lang}}
    return queue_send(to, (subject or "").strip() or default_subject(doc, lang), message or default_message(doc, lang),
                      reference_doctype="Quotation", reference_name=doc.name, attachments=[attachment],
                      timeline=(doc.quotation_to, doc.party_name))  # fmt: skip
