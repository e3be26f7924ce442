"""Item Prices of one item, price list and minimum quantity never overlap in time."""

from __future__ import annotations

import pytest

from lowcode.exceptions import ValidationError
from tests.sales_crm.selling.world import PRICE_LIST, count, days, insert


def price(**values: object) -> object:
    return insert("Item Price", item_code="CABLE", price_list=PRICE_LIST, price_list_rate=3, **values)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({}, {"valid_from": days(5)}),
        ({"valid_from": days(0), "valid_upto": days(10)}, {"valid_from": days(10), "valid_upto": days(20)}),
        ({"valid_from": days(0), "valid_upto": days(10)}, {"valid_upto": days(0)}),
        ({"valid_from": days(5), "valid_upto": days(6)}, {"valid_from": days(0), "valid_upto": days(30)}),
    ],
)
def test_overlapping_validity_is_refused(world, first, second):
    price(**first)
    before = count("Item Price")
    with pytest.raises(
        ValidationError, match=r"overlaps Item Price '\w+' .* of item 'CABLE' in Price List 'Tarifa General' for minimum quantity 0"
    ):
        price(**second)
    assert count("Item Price") == before


def test_adjacent_periods_and_other_minimum_quantities_are_fine(world):
    price(valid_from=days(0), valid_upto=days(9))
    price(valid_from=days(10), valid_upto=days(19))
    price(valid_upto=days(-1))
    price(min_qty=100)
    assert count("Item Price") == 4 + 4  # the world's four and these


def test_editing_a_price_does_not_overlap_itself(world):
    doc = price(valid_from=days(0), valid_upto=days(9))
    doc.valid_upto = days(12)
    doc.save()


def test_valid_up_to_before_valid_from_is_refused(world):
    with pytest.raises(ValidationError, match=r"Valid Up To .* is before Valid From"):
        price(valid_from=days(5), valid_upto=days(4))
