"""Sales Tax Template: tax rows proposed to selling documents."""

from __future__ import annotations

from lowcode.model.document import Document
from sales_crm.selling.problems import Problems
from sales_crm.selling.taxes import check_rate


class SalesTaxTemplate(Document):
    def validate(self) -> None:
        problems = Problems(self)
        for row in self.taxes:
            check_rate(row, problems)
        problems.raise_if_any()
