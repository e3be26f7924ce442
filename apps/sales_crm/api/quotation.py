"""Quotation actions: mark as sent, send by email, declare lost, make a sales order."""

from __future__ import annotations

import json
from typing import Any

from lowcode.exceptions import ValidationError
from lowcode.model.document import get_doc
from lowcode.perms import check_doc_permission
from lowcode.web.whitelist import whitelist
from sales_crm.selling import ordering
from sales_crm.selling.sending import send_quotation


def _reason_names(lost_reasons: Any) -> list[str]:
    """Reasons as names, from ["Price"], [{"lost_reason": "Price"}] or their JSON."""
    if isinstance(lost_reasons, str):
        try:
            lost_reasons = json.loads(lost_reasons)
        except ValueError:
            lost_reasons = [lost_reasons]
    if not isinstance(lost_reasons, list):
        raise ValidationError("Lost reasons must be a list of Lost Reason names.", doctype="Quotation", fieldname="lost_reasons")
    return [str(r.get("lost_reason") or "") if isinstance(r, dict) else str(r) for r in lost_reasons]


def _link_days(name: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if days < 1:
        raise ValidationError(f"Link days must be a whole number of at least 1, not {value!r}.", doctype="Quotation", name=name,
                              fieldname="link_days")  # fmt: skip
    return days


@whitelist(methods=("POST",))
def mark_sent(name: str, acceptance_link: Any = 0, link_days: Any = None) -> dict[str, Any]:
    """Record that a draft quotation was sent; with `acceptance_link`, answer its new online acceptance link too."""
    doc = get_doc("Quotation", name)
    wanted = str(acceptance_link).strip().lower() in ("1", "true", "yes")
    days = _link_days(name, link_days)
    link = doc.mark_sent(wanted, days)
    answer = doc.as_dict(convert=True)
    if link:
        answer["acceptance_url"] = link
    return answer


@whitelist(methods=("POST",))
def declare_lost(name: str, lost_reasons: Any, detail: str | None = None) -> dict[str, Any]:
    """Declare a quotation lost, with at least one Lost Reason and an optional detail."""
    doc = get_doc("Quotation", name)
    doc.declare_lost(_reason_names(lost_reasons), detail)
    return doc.as_dict(convert=True)


@whitelist(methods=("POST",))
def make_sales_order(source_name: str, items: Any = None) -> dict[str, Any]:
    """A draft sales order for the quotation's remaining quantities, or for items=[{quotation_item, qty}]."""
    return ordering.make_sales_order(source_name, items).as_dict(convert=True)


@whitelist(methods=("POST",))
def send_with_link(name: str, link_days: Any = None) -> dict[str, Any]:
    """Mark the quotation sent and give it a new online acceptance link (shown in its Acceptance Link field)."""
    return mark_sent(name, acceptance_link=1, link_days=link_days)


@whitelist(methods=("POST",))
def send_by_email(name: str, recipients: Any = None, subject: str | None = None, message: str | None = None,
                  print_format: str | None = None, lang: str | None = None) -> dict[str, Any]:  # fmt: skip
    """Email the quotation with its PDF (a draft becomes Sent); answers the quotation and the queued email's name.

    Empty recipients, subject or message take their defaults (see sales_crm.selling.sending)."""
    doc = get_doc("Quotation", name)
    check_doc_permission(doc, "write")
    check_doc_permission(doc, "email")
    email = send_quotation(doc, recipients, subject, message, print_format, lang)
    return {**doc.as_dict(convert=True), "email_queue": email}
