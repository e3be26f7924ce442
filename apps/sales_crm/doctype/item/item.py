"""Item: a product or service of the catalogue, named by its item code."""

from __future__ import annotations

from decimal import Decimal

from lowcode.model.document import Document


class Item(Document):
    item_code: str
    item_name: str | None
    uom: str | None
    is_sales_item: int
    disabled: int
    standard_rate: Decimal
    tax_template: str | None
    description: str | None

    def validate(self) -> None:
        if not self.item_name:
            self.item_name = self.item_code
