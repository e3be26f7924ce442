"""Quotation: prices and totals from the server, a derived status, and the Sent/Lost actions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lowcode.db.query import get_value
from lowcode.model.document import exists, get_doc
from lowcode.utils.dates import today
from sales_crm.selling import acceptance, approval
from sales_crm.selling.document import SellingDocument
from sales_crm.selling.problems import Problems, refuse
from sales_crm.selling.quotation_status import (
    CANCELLED,
    DRAFT,
    LOST,
    ORDERED,
    PARTIALLY_ORDERED,
    SENT,
    derive,
)

#: days a quotation stays valid when CRM Settings' Quotation Validity is empty
DEFAULT_VALIDITY_DAYS = 30
PARTY_NAME_FIELD = {"Customer": "customer_name", "Lead": "lead_name"}


def validity_days() -> int:
    """Days from the quotation date to its default Valid Till: CRM Settings' Quotation Validity."""
    days = get_doc("CRM Settings").quotation_validity_days
    return DEFAULT_VALIDITY_DAYS if days in (None, "") else int(days)


class Quotation(SellingDocument):
    quotation_to: str
    party_name: str
    customer_name: str | None
    opportunity: str | None
    valid_till: dt.date
    sales_person: str | None
    sales_person_user: str | None
    lost_reasons: list[Any]
    lost_detail: str | None
    workflow_state: str | None
    total_discount_percentage: Decimal
    needs_approval: int
    acceptance_key: str | None
    acceptance_expires: dt.datetime | None
    acceptance_url: str | None
    accepted_by: str | None
    accepted_on: dt.datetime | None
    accepted_ip: str | None

    def validate_header(self, problems: Problems) -> None:
        if self.party_name and self.quotation_to in PARTY_NAME_FIELD:
            name = get_value(self.quotation_to, self.party_name, PARTY_NAME_FIELD[self.quotation_to])
            if name is not None:
                self.customer_name = name
        if self.transaction_date and not self.valid_till:
            self.valid_till = self.transaction_date + dt.timedelta(days=validity_days())
        if self.transaction_date and self.valid_till < self.transaction_date:
            problems.add(self, "valid_till", f"{self.valid_till} is before the quotation date {self.transaction_date}")
        self.sales_person_user = get_value("Sales Person", self.sales_person, "user") if self.sales_person else None
        for row in self.items:
            row.ordered_qty = 0

    def validate(self) -> None:
        super().validate()
        approval.set_approval_fields(self)
        approval.check_approved_discount(self)
        self.status = derive(self, self._previous_status(), today())

    def before_submit(self) -> None:
        if self.status == LOST:
            refuse(self, "status", "is Lost; a lost quotation cannot be submitted")
        if self.valid_till < today():
            refuse(self, "valid_till", f"{self.valid_till} has passed; extend it before submitting")

    def before_update_after_submit(self) -> None:
        before = self.get_doc_before_save()
        stored = {r.name: r.ordered_qty for r in before.items} if before is not None else {}
        for row in self.items:
            row.ordered_qty = stored.get(row.name, 0)
        self.status = derive(self, self._previous_status(), today())

    def before_cancel(self) -> None:
        self.status = CANCELLED

    def _previous_status(self) -> str | None:
        before = self.get_doc_before_save()
        return self.flags.requested_status or (before.status if before is not None else None)

    def mark_sent(self, acceptance_link: bool = False, link_days: int | None = None) -> str | None:
        """Record that the draft was sent to the customer; with `acceptance_link`, return a new online acceptance link."""
        if self.docstatus != 0 or self.status not in (DRAFT, SENT):
            refuse(self, "status", f"is {self.status}; only a draft quotation can be marked as sent")
        approval.check_can_send(self)
        link = acceptance.issue_link(self, link_days) if acceptance_link else None
        self.flags.requested_status = SENT
        self.save()
        return link

    def declare_lost(self, reasons: list[str], detail: str | None = None) -> None:
        """Mark the quotation lost, with at least one Lost Reason and an optional detail."""
        if self.docstatus == 2 or self.status in (LOST, ORDERED, PARTIALLY_ORDERED):
            refuse(self, "status", f"is {self.status}; it cannot be declared lost")
        reasons = list(dict.fromkeys(r.strip() for r in reasons if r and r.strip()))
        if not reasons:
            refuse(self, "lost_reasons", "needs at least one reason to declare the quotation lost")
        unknown = [r for r in reasons if not exists("Lost Reason", r)]
        if unknown:
            refuse(self, "lost_reasons", f"names reasons that do not exist: {', '.join(unknown)}")
        self.set("lost_reasons", [{"lost_reason": r} for r in reasons])
        self.lost_detail = detail
        self.flags.requested_status = LOST
        if self.docstatus == 1:
            # items or templates disabled since submission must not block recording the loss
            self.flags.ignore_links = True
        self.save()
