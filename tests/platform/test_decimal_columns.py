"""Decimal fields give back exactly what was stored, on every backend (SQLite keeps floats)."""

from __future__ import annotations

from decimal import Decimal

import lowcode


def test_large_amounts_come_back_exact(ctx):
    lowcode.new_doc("Test Customer", customer_name="Acme").insert()
    rates = ["98765432.10", "123456789.37", "9876543210.99"]
    order = lowcode.new_doc("Test Order", customer="Acme", items=[{"item_name": r, "qty": 1, "rate": r} for r in rates]).insert()
    stored = lowcode.get_doc("Test Order", order.name)
    assert [row.rate for row in stored.items] == [Decimal(r) for r in rates]
    # 98,765,432.10 + 123,456,789.37 + 9,876,543,210.99
    assert lowcode.get_value("Test Order", order.name, "total") == Decimal("10098765432.46")
    assert lowcode.get_all("Test Order", fields=["sum(total) as total"]) == [{"total": Decimal("10098765432.46")}]
