"""Customer (account): a company or person we sell to; customers form groups and holdings."""

from __future__ import annotations

from lowcode.model.document import Document
from sales_crm.lifecycle import keep_stored_stage
from sales_crm.rows import drop_duplicates
from sales_crm.trees import check_no_cycle


class Customer(Document):
    def validate(self) -> None:
        check_no_cycle(self, "parent_customer")
        keep_stored_stage(self)
        drop_duplicates(self, "tags", "tag")
