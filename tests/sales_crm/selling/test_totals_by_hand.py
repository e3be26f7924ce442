"""A quotation's totals, worked out by hand, on every backend (exact decimal storage)."""

from __future__ import annotations

from decimal import Decimal as D

import lowcode
from tests.sales_crm.selling.world import TERMS_50_50, accept, days, quotation

TAXES = [
    {"description": "Recargo de equivalencia 5.2%", "rate": "5.2"},
    {"description": "IVA 21% incluido", "rate": 21, "included_in_print_rate": 1},
]
LINES = [
    {"item_code": "LAPTOP", "qty": 2, "discount_percentage": 10},
    {"item_code": "SUPPORT", "qty": 1, "discount_percentage": "12.5"},
    {"item_code": "CABLE", "qty": 3},
    {"item_code": "MOUSE", "qty": 1, "is_optional": 1},
]


def check(doc: lowcode.Document) -> None:
    # Lines (price from Tarifa General, else the item's standard rate):
    #   LAPTOP  900.00 (Item Price, qty 2 < 10) x (1 - 10%)   = 810.00 x 2 = 1620.00
    #   SUPPORT 240.00 (Item Price valid since 10 days ago) x (1 - 12.5%) = 210.00 x 1 = 210.00
    #   CABLE   3.33 (standard rate, no Item Price)                        = 3.33 x 3   = 9.99
    #   MOUSE   20.00 (its Item Price expired yesterday -> standard rate)  optional, not in totals
    assert [(r.price_list_rate, r.rate, r.amount) for r in doc.items] == [
        (D("900"), D("810"), D("1620")), (D("240"), D("210"), D("210")), (D("3.33"), D("3.33"), D("9.99")), (D("20"), D("20"), D("20")),
    ]  # fmt: skip
    # total = 1620.00 + 210.00 + 9.99 = 1839.99 (IVA 21% is inside these prices)
    assert doc.total == D("1839.99")
    # net before discount = 1839.99 / 1.21 = 1520.6528... -> 1520.65
    # discount 5% of 1520.65 = 76.0325 -> 76.03; net total = 1520.65 - 76.03 = 1444.62
    assert doc.discount_amount == D("76.03")
    assert doc.net_total == D("1444.62")
    # exclusive 5.2% of 1444.62 = 75.12024 -> 75.12
    # included IVA: the discount carries its IVA, 76.03 x 1.21 = 91.9963 -> 92.00, so the lines
    # now hold 1839.99 - 92.00 = 1747.99, of which 1747.99 - 1444.62 = 303.37 is IVA
    assert [(t.tax_amount, t.total) for t in doc.taxes] == [(D("75.12"), D("1519.74")), (D("303.37"), D("1823.11"))]
    assert doc.total_taxes_and_charges == D("378.49")  # 75.12 + 303.37
    # grand total = 1444.62 + 378.49 = 1823.11 (= lines 1839.99 - gross discount 92.00 + 75.12)
    assert doc.grand_total == D("1823.11")
    assert doc.rounded_total == D("1823")
    assert doc.rounding_adjustment == D("-0.11")
    # 50/50 of the rounded total 1823: 911.50 today and 911.50 in 30 days
    assert [(r.due_date, r.payment_amount) for r in doc.payment_schedule] == [(days(0), D("911.50")), (days(30), D("911.50"))]


def test_totals_checked_by_hand(backend_world):
    doc = quotation(LINES, taxes=TAXES, additional_discount_percentage=5, payment_terms_template=TERMS_50_50)
    check(doc)
    check(lowcode.get_doc("Quotation", doc.name))


def test_saving_again_and_submitting_changes_nothing(backend_world):
    doc = quotation(LINES, taxes=TAXES, additional_discount_percentage=5, payment_terms_template=TERMS_50_50)
    lowcode.get_doc("Quotation", doc.name).save()
    accept(lowcode.get_doc("Quotation", doc.name))
    check(lowcode.get_doc("Quotation", doc.name))


def test_client_totals_are_ignored(backend_world):
    lines = [{**line, "price_list_rate": 1, "rate": 1, "amount": 1} for line in LINES]
    doc = quotation(lines, taxes=[{**t, "tax_amount": 0, "total": 0} for t in TAXES], additional_discount_percentage=5,
                    payment_terms_template=TERMS_50_50, total=1, net_total=1, grand_total=1, rounded_total=1)  # fmt: skip
    check(lowcode.get_doc("Quotation", doc.name))
