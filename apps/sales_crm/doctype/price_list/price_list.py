"""Price List: a named set of item prices in one currency."""

from __future__ import annotations

from lowcode.model.document import Document
from sales_crm.selling.pricing import CURRENCY_RE
from sales_crm.selling.problems import refuse


class PriceList(Document):
    price_list_name: str
    currency: str | None
    selling: int
    enabled: int

    def validate(self) -> None:
        self.currency = str(self.currency or "").strip().upper() or None
        if self.currency and not CURRENCY_RE.match(self.currency):
            refuse(self, "currency", f"'{self.currency}' is not a currency code like EUR, MXN or USD")
