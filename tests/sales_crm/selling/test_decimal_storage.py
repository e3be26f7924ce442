"""Money and quantities keep every digit through the database, on every backend."""

from __future__ import annotations

from decimal import Decimal as D

import lowcode
from tests.sales_crm.selling.world import insert, quotation


def test_the_largest_amounts_round_trip_exactly(backend_world):
    insert("Item", item_code="PLANT", standard_rate="333333333333.16")
    doc = quotation([{"item_code": "PLANT", "qty": 3}], taxes_and_charges=None)
    stored = lowcode.get_doc("Quotation", doc.name)
    # 333,333,333,333.16 x 3 = 999,999,999,999.48: 17 significant digits, more than a double holds
    assert (stored.items[0].rate, stored.items[0].amount) == (D("333333333333.16"), D("999999999999.48"))
    assert (stored.total, stored.net_total, stored.grand_total) == (D("999999999999.48"),) * 3
    assert stored.rounded_total == D("999999999999")


def test_small_fractions_survive(backend_world):
    doc = quotation([{"item_code": "CABLE", "qty": "0.001"}, {"item_code": "MOUSE", "qty": "1.234"}], taxes_and_charges=None)
    stored = lowcode.get_doc("Quotation", doc.name)
    # 3.33 x 0.001 = 0.00333 -> 0.00; 20.00 x 1.234 = 24.68
    assert [(r.qty, r.amount) for r in stored.items] == [(D("0.001"), D("0")), (D("1.234"), D("24.68"))]
    assert stored.grand_total == D("24.68")
