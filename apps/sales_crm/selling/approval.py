"""Quotation approval: the total discount against list prices, and what it allows.

A quotation whose total discount is above Selling Settings' approval threshold (0:
never) needs a Sales Manager's approval (the shipped "Quotation Approval" workflow)
before it can be sent or accepted. Once approved, its discount may go down but not up
without sending it back to Draft ("Revise") for a new approval.
"""

from __future__ import annotations

from decimal import Decimal

from lowcode.model.document import Document
from lowcode.workflow.definition import get_workflow
from sales_crm.selling.money import HUNDRED, ZERO, dec, plain, rnd
from sales_crm.selling.problems import refuse
from sales_crm.selling.settings import selling_settings

#: the workflow state a quotation that needs approval must be in to be sent
APPROVED = "Approved"


def total_discount_percentage(doc: Document) -> Decimal:
    """The discount the customer gets against list prices, line discounts and additional discount together.

    List value: price list rate x quantity of the non-optional lines. Discounted value: the
    grand total without the taxes added on top (so taxes included in prices count on both sides).
    """
    listed = sum((dec(r.price_list_rate) * dec(r.qty) for r in doc.items if not r.get("is_optional")), ZERO)
    if listed <= 0:
        return ZERO
    added_taxes = sum((dec(t.tax_amount) for t in doc.taxes if not t.included_in_print_rate), ZERO)
    discounted = dec(doc.grand_total) - added_taxes
    return max(rnd((listed - discounted) * HUNDRED / listed, 2), ZERO)


def set_approval_fields(doc: Document) -> None:
    """Store the total discount and whether it needs a manager's approval."""
    doc.total_discount_percentage = total_discount_percentage(doc)
    threshold = dec(selling_settings().approval_discount_threshold)
    doc.needs_approval = int(threshold > 0 and doc.total_discount_percentage > threshold)


def _in_workflow(doc: Document) -> bool:
    workflow = get_workflow(doc.doctype)
    return workflow is not None and not doc.flags.in_workflow_action


def check_approved_discount(doc: Document) -> None:
    """A plain save may lower the discount of an approved quotation, never raise it."""
    before = doc.get_doc_before_save()
    if before is None or not _in_workflow(doc) or before.get("workflow_state") != APPROVED:
        return
    if doc.needs_approval and dec(doc.total_discount_percentage) > dec(before.total_discount_percentage):
        refuse(
            doc, "total_discount_percentage",
            f"was approved at {plain(before.total_discount_percentage)}% and would become "
            f"{plain(doc.total_discount_percentage)}%; use 'Revise' and ask for a new approval to raise it",
        )  # fmt: skip


def check_can_send(doc: Document) -> None:
    """Refuse to send a quotation that still needs a manager's approval."""
    if not doc.needs_approval or get_workflow(doc.doctype) is None or doc.get("workflow_state") == APPROVED:
        return
    threshold = plain(selling_settings().approval_discount_threshold)
    refuse(
        doc, "workflow_state",
        f"is '{doc.get('workflow_state')}': its total discount of {plain(doc.total_discount_percentage)}% is above "
        f"the approval threshold of {threshold}%, so a Sales Manager must approve it before it is sent",
    )  # fmt: skip
