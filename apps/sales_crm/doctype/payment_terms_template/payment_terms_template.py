"""Payment Terms Template: installments (portion of the total, days of credit) adding up to 100%."""

from __future__ import annotations

from lowcode.model.document import Document
from sales_crm.selling.problems import Problems
from sales_crm.selling.schedule import check_portions


class PaymentTermsTemplate(Document):
    def validate(self) -> None:
        problems = Problems(self)
        check_portions(self, "terms", problems)
        problems.raise_if_any()
