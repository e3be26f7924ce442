"""Territory: a tree of sales regions."""

from __future__ import annotations

from lowcode.model.document import Document
from sales_crm.trees import check_no_cycle


class Territory(Document):
    def validate(self) -> None:
        check_no_cycle(self, "parent_territory")
