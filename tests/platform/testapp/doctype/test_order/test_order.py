"""Test Order: totals computed on the server; a note that makes the save fail on purpose."""

from __future__ import annotations

from decimal import Decimal

from lowcode.model.document import Document


class BoomError(RuntimeError):
    """Raised by the test controller to prove that a failing hook rolls everything back."""


class TestOrder(Document):
    def validate(self) -> None:
        total = Decimal(0)
        for row in self.items:
            row.amount = (row.qty or 0) * (row.rate or 0)
            total += row.amount
        self.total = total

    def on_update(self) -> None:
        if self.notes == "explode":
            raise BoomError("controller failed on purpose")
