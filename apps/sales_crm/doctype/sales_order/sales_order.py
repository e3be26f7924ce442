"""Sales Order: priced like any selling document, or by its quotation's lines when made from one."""

from __future__ import annotations

import datetime as dt

from sales_crm.selling import ordering
from sales_crm.selling.document import SellingDocument
from sales_crm.selling.problems import Problems, refuse

DRAFT, TO_DELIVER_AND_BILL, COMPLETED, CANCELLED = "Draft", "To Deliver and Bill", "Completed", "Cancelled"


class SalesOrder(SellingDocument):
    customer: str
    customer_name: str | None
    quotation: str | None
    delivery_date: dt.date | None

    def before_insert(self) -> None:
        if not self.quotation:
            super().before_insert()

    def validate_header(self, problems: Problems) -> None:
        if self.delivery_date and self.transaction_date and self.delivery_date < self.transaction_date:
            problems.add(self, "delivery_date", f"{self.delivery_date} is before the order date {self.transaction_date}")
        if self.quotation:
            ordering.check_order_lines(self, problems)
        for row in self.items:
            if not self.quotation and (row.quotation or row.quotation_item):
                problems.add(row, "quotation", "refers to a quotation, but the order has none")

    def validate(self) -> None:
        super().validate()
        self.status = TO_DELIVER_AND_BILL if self.docstatus == 1 else DRAFT

    def on_submit(self) -> None:
        if self.quotation:
            ordering.update_ordered_qty(self.quotation)

    def before_update_after_submit(self) -> None:
        before = self.get_doc_before_save()
        stored = before.status if before is not None else TO_DELIVER_AND_BILL
        self.status = COMPLETED if self.flags.requested_status == COMPLETED else stored

    def before_cancel(self) -> None:
        self.status = CANCELLED

    def on_cancel(self) -> None:
        if self.quotation:
            ordering.update_ordered_qty(self.quotation)

    def mark_completed(self) -> None:
        """Record that the order was delivered and billed."""
        if self.docstatus != 1 or self.status != TO_DELIVER_AND_BILL:
            refuse(self, "status", f"is {self.status}; only a submitted order to deliver and bill can be completed")
        self.flags.requested_status = COMPLETED
        self.save()
