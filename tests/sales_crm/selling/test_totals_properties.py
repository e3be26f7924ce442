"""Invariants of the totals arithmetic (Hypothesis): reconciliation, signs, included taxes, refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sales_crm.selling import totals
from sales_crm.selling.money import rnd

CENT = Decimal("0.01")


def decimals(low: str, high: str, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(Decimal(low), Decimal(high), places=places)


lines = st.lists(
    st.builds(
        totals.Line,
        qty=decimals("0.001", "5000", 3),
        price_list_rate=decimals("0", "50000", 2),
        discount_percentage=decimals("0", "100", 2),
        is_optional=st.booleans(),
    ),
    min_size=1,
    max_size=8,
)
taxes = st.lists(st.builds(totals.Tax, rate=decimals("0", "100", 2), included=st.booleans()), max_size=4)
percentages = st.one_of(st.just(Decimal(0)), decimals("0", "100", 2))
fractions = decimals("0", "1", 4)


def compute(line_list: list[totals.Line], tax_list: list[totals.Tax], percentage: Decimal, fraction: Decimal) -> totals.Totals:
    """Totals with a percentage discount, or else a fixed discount of `fraction` of the net total."""
    if percentage:
        return totals.compute(line_list, tax_list, discount_percentage=percentage)
    undiscounted = totals.compute(line_list, tax_list)
    return totals.compute(line_list, tax_list, discount_amount=rnd(undiscounted.net_total * fraction, 2))


@settings(max_examples=400)
@given(lines, taxes, percentages, fractions)
def test_grand_total_is_lines_minus_discount_plus_taxes(line_list, tax_list, percentage, fraction):
    result = compute(line_list, tax_list, percentage, fraction)
    assert result.total == sum((r.amount for r, line in zip(result.lines, line_list, strict=True) if not line.is_optional), Decimal(0))
    assert result.total_taxes_and_charges == sum((t.tax_amount for t in result.taxes), Decimal(0))
    assert result.grand_total == result.net_total + result.total_taxes_and_charges
    included = sum((t.rate for t in tax_list if t.included), Decimal(0)) / 100
    added = sum((t.rate for t in tax_list if not t.included), Decimal(0)) / 100
    # lines - discount (with the included taxes it carries) + added taxes, within a cent per rounding step
    expected = result.total - result.discount_amount * (1 + included) + result.net_total * added
    assert abs(result.grand_total - expected) <= CENT * (len(tax_list) + 3)
    assert not result.taxes or result.taxes[-1].total == result.grand_total


@settings(max_examples=400)
@given(lines, taxes, percentages, fractions)
def test_nothing_is_ever_negative(line_list, tax_list, percentage, fraction):
    result = compute(line_list, tax_list, percentage, fraction)
    assert result.grand_total >= 0
    assert result.net_total >= 0
    assert all(t.tax_amount >= 0 for t in result.taxes)
    assert result.rounded_total == result.rounded_total.to_integral_value()
    assert abs(result.rounding_adjustment) <= Decimal("0.5")


@settings(max_examples=300)
@given(lines, st.lists(decimals("0", "100", 2), min_size=1, max_size=3))
def test_taxes_included_in_prices_never_change_what_the_customer_pays(line_list, rates):
    result = totals.compute(line_list, [totals.Tax(rate, included=True) for rate in rates])
    assert result.grand_total == result.total


@settings(max_examples=300)
@given(lines, decimals("0.01", "1000", 2))
def test_a_discount_above_the_net_total_is_refused(line_list, excess):
    net = totals.compute(line_list, []).net_total
    with pytest.raises(totals.DiscountTooLargeError):
        totals.compute(line_list, [], discount_amount=net + excess)
