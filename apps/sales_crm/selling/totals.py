"""Totals of a selling document, computed from its lines, taxes and additional discount.

Pure Decimal arithmetic, no database: the same inputs always give the same totals.
Rounding (half away from zero, `lowcode.meta.fieldtypes.round_decimal`) happens only at
these points, each at the precision of the field that stores the value:

1. each line's rate: price list rate x (1 - discount % / 100)            -> rate precision
2. each line's amount: rate x quantity                                   -> amount precision
3. the net total before discount: lines total / (1 + inclusive rates)    -> total precision
4. the additional discount when given as a percentage of that net total  -> total precision
5. each exclusive tax: net total x rate / 100                            -> tax precision
6. the gross discount (the discount with the included taxes it carries)  -> total precision
7. the rounded total: grand total to whole currency units                -> 0 decimals

Sums of rounded values are exact and never rounded again. Taxes included in prices are
what the lines hold above the net total; that sum is split over the inclusive tax rows in
proportion to their rates, to the cent (largest remainder), so the lines total, the
discount and the taxes always reconcile.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sales_crm.selling.money import HUNDRED, ZERO, allocate, rnd


@dataclass(frozen=True)
class Line:
    """One document line as the totals see it."""

    qty: Decimal
    price_list_rate: Decimal
    discount_percentage: Decimal = ZERO
    is_optional: bool = False


@dataclass(frozen=True)
class Tax:
    """One tax row: a rate on the net total, added to it or included in the prices."""

    rate: Decimal
    included: bool = False


@dataclass(frozen=True)
class Places:
    """Decimals of the fields that store each kind of value."""

    rate: int = 2
    amount: int = 2
    tax: int = 2
    total: int = 2


@dataclass(frozen=True)
class LineTotals:
    rate: Decimal
    amount: Decimal


@dataclass(frozen=True)
class TaxTotals:
    tax_amount: Decimal
    #: net total plus this and every earlier tax
    total: Decimal


@dataclass(frozen=True)
class Totals:
    lines: list[LineTotals]
    taxes: list[TaxTotals]
    #: sum of the amounts of the lines that are not optional
    total: Decimal
    net_total: Decimal
    discount_amount: Decimal
    total_taxes_and_charges: Decimal
    grand_total: Decimal
    rounding_adjustment: Decimal
    rounded_total: Decimal


class DiscountTooLargeError(ValueError):
    """Raised when the additional discount is more than the net total it applies to."""

    def __init__(self, discount: Decimal, limit: Decimal) -> None:
        super().__init__(f"discount {discount} is more than the net total {limit}")
        self.discount = discount
        self.limit = limit


def line_totals(line: Line, places: Places) -> LineTotals:
    rate = rnd(line.price_list_rate * (1 - line.discount_percentage / HUNDRED), places.rate)
    return LineTotals(rate=rate, amount=rnd(rate * line.qty, places.amount))


def compute(
    lines: list[Line],
    taxes: list[Tax],
    *,
    discount_percentage: Decimal = ZERO,
    discount_amount: Decimal = ZERO,
    places: Places = Places(),
) -> Totals:
    """Every total of a document. A percentage discount wins over an amount."""
    line_results = [line_totals(line, places) for line in lines]
    total = sum((r.amount for r, line in zip(line_results, lines, strict=True) if not line.is_optional), ZERO)
    included = sum((t.rate for t in taxes if t.included), ZERO) / HUNDRED
    net_before = rnd(total / (1 + included), places.total)
    if discount_percentage:
        discount = rnd(net_before * discount_percentage / HUNDRED, places.total)
    else:
        discount = rnd(discount_amount, places.total)
    if discount > net_before:
        raise DiscountTooLargeError(discount, net_before)
    net_total = net_before - discount
    gross_discount = rnd(discount * (1 + included), places.total)
    gross = min(max(total - gross_discount, net_total), total)
    inclusive_parts = iter(allocate(gross - net_total, [t.rate for t in taxes if t.included], places.tax))
    tax_results: list[TaxTotals] = []
    running = net_total
    for tax in taxes:
        amount = next(inclusive_parts) if tax.included else rnd(net_total * tax.rate / HUNDRED, places.tax)
        running += amount
        tax_results.append(TaxTotals(tax_amount=amount, total=running))
    taxes_total = sum((t.tax_amount for t in tax_results), ZERO)
    grand_total = net_total + taxes_total
    rounded_total = rnd(grand_total, 0)
    return Totals(
        lines=line_results, taxes=tax_results, total=total, net_total=net_total, discount_amount=discount,
        total_taxes_and_charges=taxes_total, grand_total=grand_total,
        rounding_adjustment=rounded_total - grand_total, rounded_total=rounded_total,
    )  # fmt: skip
