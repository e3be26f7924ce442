"""The party lifecycle (NetSuite): Lead, then Prospect, then Customer; never backwards.

A party becomes a Prospect once it has an opportunity or a quotation, and a Customer
once it has a sales order or a won opportunity. The stage is stored on Lead and Customer
(`lifecycle_stage`, read-only), changed only here, and every change is written on the
party's timeline as an "Info" comment naming the document that caused it.
"""

from __future__ import annotations

from typing import Any

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.model.document import Document
from sales_crm.doctype.opportunity.stages import reopen_after_cancelled_order, win_by_order
from sales_crm.parties import PARTY_DOCTYPES

STAGES = ("Lead", "Prospect", "Customer")


def advance(party_type: str, party: str, stage: str, source_doctype: str, source_name: str) -> None:
    """Move `party` forward to `stage` because of `source_doctype` `source_name`.

    Nothing happens when the party is already at that stage or beyond. Leads converted
    into a customer follow that customer.
    """
    if not party:
        return
    if stage not in STAGES:
        raise ValidationError(f"'{stage}' is not a lifecycle stage (one of: {', '.join(STAGES)}).", doctype=party_type, name=party)
    if party_type not in PARTY_DOCTYPES:
        raise ValidationError(
            f"{source_doctype} '{source_name}': a lifecycle belongs to a Lead or a Customer, not to a {party_type or 'blank party type'}.",
            doctype=source_doctype, name=source_name,
        )  # fmt: skip
    row = lowcode.get_value(party_type, party, ["name", "lifecycle_stage"])
    if row is None:
        raise DoesNotExistError(f"{source_doctype} '{source_name}': {party_type} '{party}' not found.", doctype=party_type, name=party)
    current = row[1] or STAGES[0]
    if STAGES.index(stage) > STAGES.index(current):
        table = get_table(party_type)
        local.db.execute(table.update().where(table.c.name == party).values(lifecycle_stage=stage))
        lowcode.new_doc(
            "Comment", comment_type="Info", reference_doctype=party_type, reference_name=party, comment_email=local.user,
            content=f"Lifecycle stage changed from {current} to {stage} by {source_doctype} {source_name}.",
        ).insert(ignore_permissions=True)  # fmt: skip
    if party_type == "Customer":
        for lead in lowcode.get_all("Lead", filters={"customer": party}, pluck="name"):
            advance("Lead", lead, stage, source_doctype, source_name)


def keep_stored_stage(doc: Document) -> None:
    """On a Lead or Customer save: the stored stage wins over whatever the client sent.

    A new record starts at Lead, or at `doc.flags.initial_lifecycle_stage` when another
    record hands its stage on (a customer created from a lead).
    """
    before = doc.get_doc_before_save()
    if before is not None:
        doc.lifecycle_stage = before.lifecycle_stage or STAGES[0]
    else:
        doc.lifecycle_stage = doc.flags.initial_lifecycle_stage or STAGES[0]


def on_quotation(doc: Any, method: str) -> None:
    """doc_events for Quotation: its party (Lead or Customer) becomes a Prospect."""
    advance(doc.quotation_to, doc.party_name, "Prospect", "Quotation", doc.name)


def on_sales_order(doc: Any, method: str) -> None:
    """doc_events for Sales Order on submit: its customer (and the lead quoted, if any) becomes a Customer,
    and the quotation's opportunity is won."""
    advance("Customer", doc.customer, "Customer", "Sales Order", doc.name)
    if doc.quotation:
        quoted = lowcode.get_value("Quotation", doc.quotation, ["quotation_to", "party_name", "opportunity"])
        if quoted and quoted[0] == "Lead":
            advance("Lead", quoted[1], "Customer", "Sales Order", doc.name)
        if quoted and quoted[2]:
            win_by_order(quoted[2], doc.name)


def on_sales_order_cancel(doc: Any, method: str) -> None:
    """doc_events for Sales Order on cancel: the opportunity it won is open again (the party's stage stays)."""
    opportunity = lowcode.get_value("Quotation", doc.quotation, "opportunity") if doc.quotation else None
    if opportunity:
        reopen_after_cancelled_order(opportunity, doc.name)
