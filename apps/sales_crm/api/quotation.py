"""Quotation actions: mark as sent, declare lost, make a sales order."""

from __future__ import annotations

import json
from typing import Any

from lowcode.exceptions import ValidationError
from lowcode.model.document import get_doc
from lowcode.web.whitelist import whitelist
from sales_crm.selling import ordering


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


@whitelist(methods=("POST",))
def mark_sent(name: str) -> dict[str, Any]:
    """Record that a draft quotation was sent to the customer."""
    doc = get_doc("Quotation", name)
    doc.mark_sent()
    return doc.as_dict(convert=True)


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
