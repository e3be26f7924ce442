"""Item Price: an item's rate in a price list, from a minimum quantity, within a validity period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.model.document import Document
from sales_crm.selling.money import plain
from sales_crm.selling.problems import refuse


def _period(valid_from: object, valid_upto: object) -> str:
    return f"from {valid_from or 'any date'} to {valid_upto or 'any date'}"


class ItemPrice(Document):
    item_code: str
    item_name: str | None
    price_list: str
    currency: str | None
    price_list_rate: Decimal
    min_qty: Decimal
    valid_from: dt.date | None
    valid_upto: dt.date | None

    def validate(self) -> None:
        if self.valid_from and self.valid_upto and self.valid_upto < self.valid_from:
            refuse(self, "valid_upto", f"{self.valid_upto} is before Valid From {self.valid_from}")
        self.check_overlap()

    def check_overlap(self) -> None:
        """Only one price per item, price list and minimum quantity may be valid on any date."""
        table = get_table("Item Price")
        query = sa.select(table.c.name, table.c.valid_from, table.c.valid_upto).where(
            table.c.item_code == self.item_code,
            table.c.price_list == self.price_list,
            table.c.min_qty == self.min_qty,
            table.c.name != self.name,
        )
        if self.valid_upto:
            query = query.where(sa.or_(table.c.valid_from.is_(None), table.c.valid_from <= self.valid_upto))
        if self.valid_from:
            query = query.where(sa.or_(table.c.valid_upto.is_(None), table.c.valid_upto >= self.valid_from))
        other = local.db.execute(query.limit(1)).mappings().first()
        if other is not None:
            refuse(
                self, "valid_from",
                f"{_period(self.valid_from, self.valid_upto)} overlaps Item Price '{other['name']}' "
                f"({_period(other['valid_from'], other['valid_upto'])}) of item '{self.item_code}' in Price List "
                f"'{self.price_list}' for minimum quantity {plain(self.min_qty)}; their validity periods cannot overlap",
            )  # fmt: skip
